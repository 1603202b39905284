#include "cases.hpp"

#include "core/check_registry.hpp"
#include "mrz/mrz.hpp"

#include <doctest/doctest.h>

#include <set>
#include <sstream>
#include <string>

namespace {

using mrtd::Status;
using mrtd::mrz::CheckOptions;

std::set<std::string> words(std::string_view text) {
  std::set<std::string> out;
  std::istringstream in{std::string(text)};
  for (std::string word; in >> word;) {
    out.insert("mrz." + word);
  }
  return out;
}

CheckOptions options_for(std::string_view args) {
  CheckOptions options;
  options.reference_date = *mrtd::parse_iso_date(mrtd::test::k_reference_date);
  std::istringstream in{std::string(args)};
  for (std::string arg; in >> arg;) {
    if (arg == "--repair") {
      options.repair = mrtd::mrz::RepairOcr::yes;
    } else if (arg == "--normalize") {
      options.normalize = mrtd::mrz::Normalize::yes;
    } else if (arg == "--require-unexpired") {
      options.require_unexpired = mrtd::mrz::RequireUnexpired::yes;
    } else if (arg == "--format-hint") {
      std::string value;
      in >> value;
      options.format_hint = mrtd::mrz::parse_format(value);
    } else {
      FAIL("unknown option in case table: " << arg);
    }
  }
  return options;
}

std::set<std::string> with_status(const mrtd::Verdict& verdict, Status status) {
  std::set<std::string> out;
  for (const auto& check : verdict.checks) {
    if (check.status == status) {
      out.insert(std::string(mrtd::check_name(check.id)));
    }
  }
  return out;
}

} // namespace

TEST_SUITE("mrz::check") {
  TEST_CASE("every case in the table gets its stated verdict, failures and warnings") {
    for (const auto& c : mrtd::test::k_mrz_cases) {
      CAPTURE(c.name);
      const auto report = mrtd::mrz::check(c.text, options_for(c.args));
      CHECK(mrtd::to_string(report.verdict.outcome) == c.verdict);
      CHECK(with_status(report.verdict, Status::fail) == words(c.fails));
      CHECK(with_status(report.verdict, Status::warn) == words(c.warns));
      CHECK(report.mrz.has_value() == (c.verdict != "error"));
      CHECK(report.verdict.error.has_value() == (c.verdict == "error"));
    }
  }

  TEST_CASE("every MRZ check id is made to fail (or, for advisory checks, to warn) by a case") {
    std::set<std::string> failed, warned;
    for (const auto& c : mrtd::test::k_mrz_cases) {
      for (const auto& id : words(c.fails)) {
        failed.insert(id);
      }
      for (const auto& id : words(c.warns)) {
        warned.insert(id);
      }
    }
    // Advisory checks never fail: they can only warn.
    const std::set<std::string> advisory = {"mrz.specimen", "mrz.name.truncation", "mrz.repair"};
    for (const auto& row : mrtd::check_registry()) {
      const std::string id(row.name);
      if (id.rfind("mrz.", 0) != 0) {
        continue;
      }
      CAPTURE(id);
      if (advisory.count(id)) {
        CHECK(warned.count(id) == 1);
      } else {
        CHECK(failed.count(id) == 1);
      }
    }
  }

  TEST_CASE("every check is reported, in the same order, whatever the format") {
    for (const auto& c : mrtd::test::k_mrz_cases) {
      if (c.verdict == "error") {
        continue;
      }
      CAPTURE(c.name);
      const auto report = mrtd::mrz::check(c.text, options_for(c.args));
      REQUIRE(report.verdict.checks.size() == mrtd::k_mrz_check_count);
      std::set<mrtd::CheckId> seen;
      for (const auto& check : report.verdict.checks) {
        CHECK(seen.insert(check.id).second);
        if (check.status != Status::pass) {
          CHECK_FALSE(check.message.empty());
        }
      }
    }
  }

  TEST_CASE("fields of the ICAO TD3 specimen") {
    const auto report = mrtd::mrz::check(mrtd::test::k_mrz_cases[0].text, options_for(""));
    REQUIRE(report.mrz);
    const auto& m = *report.mrz;
    CHECK(m.format == mrtd::mrz::Format::td3);
    CHECK(m.document_code == "P");
    CHECK(m.issuing_state == "UTO");
    CHECK(m.document_number == "L898902C3");
    CHECK(m.primary_identifier == "ERIKSSON");
    CHECK(m.secondary_identifier == "ANNA MARIA");
    CHECK(m.birth_date.raw == "740812");
    CHECK(m.birth_date.iso == "1974-08-12");
    CHECK(m.expiry_date.iso == "2012-04-15");
    CHECK(m.sex == "F");
    CHECK(m.personal_number == "ZE184226B");
    CHECK(m.optional_data_1.empty());
    CHECK(m.specimen);
  }

  TEST_CASE("format detection tells TD2, MRV-B and the French card apart by document code") {
    auto format_of = [](std::string_view name) {
      for (const auto& c : mrtd::test::k_mrz_cases) {
        if (c.name == name) {
          return mrtd::mrz::check(c.text, options_for("")).mrz->format;
        }
      }
      FAIL("no case " << name);
      return mrtd::mrz::Format::td3;
    };
    CHECK(format_of("icao-td2") == mrtd::mrz::Format::td2);
    CHECK(format_of("icao-mrvb") == mrtd::mrz::Format::mrv_b);
    CHECK(format_of("fra-id") == mrtd::mrz::Format::fra_id);
    CHECK(format_of("icao-mrva") == mrtd::mrz::Format::mrv_a);
    CHECK(format_of("icao-td3-one-line") == mrtd::mrz::Format::td3);
    CHECK(format_of("icao-td1") == mrtd::mrz::Format::td1);
  }

  TEST_CASE("long document numbers: joined, with the matching filler policy reported") {
    auto check_case = [](std::string_view name) {
      for (const auto& c : mrtd::test::k_mrz_cases) {
        if (c.name == name) {
          return *mrtd::mrz::check(c.text, options_for("")).mrz;
        }
      }
      FAIL("no case " << name);
      return mrtd::mrz::Mrz{};
    };
    const auto excluded = check_case("td1-long-number-filler-excluded");
    CHECK(excluded.document_number == "590326200216");
    CHECK(excluded.long_document_number);
    CHECK(excluded.long_number_policy == mrtd::mrz::LongNumberPolicy::filler_excluded);
    CHECK(check_case("td1-long-number-filler-included").long_number_policy ==
          mrtd::mrz::LongNumberPolicy::filler_included);
    CHECK(check_case("icao-td1-long-number").document_number == "D23145890734");
    CHECK(check_case("td2-long-number").document_number == "590326200216");
  }

  TEST_CASE("century resolution against the reference date") {
    CheckOptions options = options_for("");
    const auto report = mrtd::mrz::check(mrtd::test::k_mrz_cases[3].text, options); // MRV-A
    CHECK(report.mrz->birth_date.iso == "1940-09-07");
    CHECK(report.mrz->expiry_date.iso == "1996-12-10"); // nearest to 2026, not 2096
    options.reference_date = {2090, 1, 1};
    const auto later = mrtd::mrz::check(mrtd::test::k_mrz_cases[3].text, options);
    CHECK(later.mrz->expiry_date.iso == "2096-12-10");
    CHECK(later.mrz->birth_date.iso == "2040-09-07");
  }

  TEST_CASE("input errors name the problem") {
    CheckOptions options = options_for("");
    CHECK(mrtd::mrz::check(std::string(5000, '<'), options).verdict.error->code ==
          mrtd::ErrorCode::limit_exceeded);
    const auto lower = mrtd::mrz::check("p<utoeriksson", options);
    CHECK(lower.verdict.error->message.find("lower-case") != std::string::npos);
    CHECK(lower.verdict.error->offset == 0);
    const auto shape = mrtd::mrz::check("P<UTO\nL898", options);
    CHECK(shape.verdict.error->message.find("2 lines of 5, 4 characters") != std::string::npos);
  }

  TEST_CASE("CR LF line endings and surrounding blank lines are accepted") {
    const std::string text = "\r\nP<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\r\n"
                             "L898902C36UTO7408122F1204159ZE184226B<<<<<10\r\n\r\n";
    CHECK(mrtd::mrz::check(text, options_for("")).verdict.outcome == mrtd::Outcome::valid);
  }
}

TEST_SUITE("mrz::screen") {
  TEST_CASE("screen() gives check()'s outcome and every check's status, for every case") {
    for (const auto& c : mrtd::test::k_mrz_cases) {
      CAPTURE(c.name);
      const auto options = options_for(c.args);
      const auto report = mrtd::mrz::check(c.text, options);
      const auto screening = mrtd::mrz::screen(c.text, options);
      CHECK(screening.outcome == report.verdict.outcome);
      CHECK(screening.error.has_value() == report.verdict.error.has_value());
      if (report.mrz) {
        CHECK(screening.format == report.mrz->format);
      }
      for (const auto& check : report.verdict.checks) {
        CAPTURE(mrtd::check_name(check.id));
        CHECK(screening.statuses[static_cast<std::size_t>(check.id)] == check.status);
      }
    }
  }
}
