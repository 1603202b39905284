#include "core/verdict.hpp"

#include <doctest/doctest.h>

using mrtd::CheckId;
using mrtd::Outcome;
using mrtd::Status;

TEST_SUITE("core::verdict") {
  TEST_CASE("outcome: any fail is invalid; else a pass makes it valid; else indeterminate") {
    mrtd::Verdict v;
    CHECK(mrtd::compute_outcome(v) == Outcome::indeterminate);
    v.add(CheckId::mrz_sex, Status::skip, "n/a");
    CHECK(mrtd::compute_outcome(v) == Outcome::indeterminate);
    v.add(CheckId::mrz_fillers, Status::warn, "hmm");
    CHECK(mrtd::compute_outcome(v) == Outcome::indeterminate);
    v.add(CheckId::mrz_document_code, Status::pass);
    CHECK(mrtd::compute_outcome(v) == Outcome::valid);
    v.add(CheckId::mrz_nationality, Status::fail, "bad");
    CHECK(mrtd::compute_outcome(v) == Outcome::invalid);
  }

  TEST_CASE("an error wins over checks") {
    auto v = mrtd::error_verdict(mrtd::make_error(mrtd::ErrorCode::malformed, "garbage"));
    v.add(CheckId::mrz_document_code, Status::pass);
    CHECK(mrtd::compute_outcome(v) == Outcome::error);
  }

  TEST_CASE("exit codes as documented in man/mrtd.1") {
    CHECK(mrtd::exit_code(Outcome::valid) == 0);
    CHECK(mrtd::exit_code(Outcome::invalid) == 1);
    CHECK(mrtd::exit_code(Outcome::indeterminate) == 1);
    CHECK(mrtd::exit_code(Outcome::error) == 2);
  }

  TEST_CASE("find returns the check by id") {
    mrtd::Verdict v;
    v.add(CheckId::mrz_sex, Status::pass);
    CHECK(v.find(CheckId::mrz_sex) != nullptr);
    CHECK(v.find(CheckId::mrz_fillers) == nullptr);
  }
}
