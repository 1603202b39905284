#include "mrz/mrz.hpp"

#include <doctest/doctest.h>

namespace {

mrtd::mrz::Report repaired(std::string_view text) {
  mrtd::mrz::CheckOptions options;
  options.reference_date = {2026, 1, 1};
  options.repair = mrtd::mrz::RepairOcr::yes;
  return mrtd::mrz::check(text, options);
}

constexpr std::string_view k_line1 = "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\n";

} // namespace

TEST_SUITE("mrz::repair") {
  TEST_CASE("a letter in a date becomes its digit when the check digit confirms it") {
    const auto report =
        repaired(std::string(k_line1) + "C01X00T478D<<64O8125F2702283<<<<<<<<<<<<<<<4");
    REQUIRE(report.mrz);
    REQUIRE(report.mrz->repairs.size() == 1);
    const auto& r = report.mrz->repairs[0];
    CHECK(r.field == "birth_date");
    CHECK(r.line == 2);
    CHECK(r.column == 16);
    CHECK(r.original == 'O');
    CHECK(r.repaired == '0');
    CHECK(report.mrz->birth_date.raw == "640812");
    CHECK(report.verdict.outcome == mrtd::Outcome::valid);
  }

  TEST_CASE("a confusion in the document number is repaired only if exactly one variant verifies") {
    // C01X00T47 read as C01XO0T47: the O is the only ambiguous cell that a check digit must
    // arbitrate.
    const auto report =
        repaired(std::string(k_line1) + "C01XO0T478D<<6408125F2702283<<<<<<<<<<<<<<<4");
    REQUIRE(report.mrz);
    CHECK(report.mrz->document_number == "C01X00T47");
    CHECK(report.verdict.outcome == mrtd::Outcome::valid);
  }

  TEST_CASE("nothing is changed when the covering digits do not verify afterwards") {
    // Birth date letter fixed by type, but the composite is wrong: no repair is kept.
    const auto report =
        repaired(std::string(k_line1) + "C01X00T478D<<64O8125F2702283<<<<<<<<<<<<<<<5");
    REQUIRE(report.mrz);
    CHECK(report.mrz->repairs.empty());
    CHECK(report.mrz->birth_date.raw == "64O812");
    CHECK(report.verdict.outcome == mrtd::Outcome::invalid);
  }

  TEST_CASE("a valid MRZ is left alone") {
    const auto report =
        repaired(std::string(k_line1) + "C01X00T478D<<6408125F2702283<<<<<<<<<<<<<<<4");
    CHECK(report.mrz->repairs.empty());
    const auto* check = report.verdict.find(mrtd::CheckId::mrz_repair);
    REQUIRE(check);
    CHECK(check->status == mrtd::Status::pass);
  }

  TEST_CASE("names and codes are never repaired (no check digit covers them)") {
    const auto report = repaired("P<UT0ERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
                                 "L898902C36UTO7408122F1204159ZE184226B<<<<<10");
    CHECK(report.mrz->issuing_state == "UT0");
    CHECK(report.verdict.outcome == mrtd::Outcome::invalid);
  }
}
