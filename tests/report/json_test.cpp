#include "core/check_registry.hpp"
#include "mrz/mrz.hpp"
#include "report/report.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <set>

namespace {

nlohmann::json load(const std::string& relative) {
  std::ifstream in(std::string(MRTD_SOURCE_DIR) + "/" + relative);
  REQUIRE(in);
  return nlohmann::json::parse(in);
}

const char* k_td3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
                    "L898902C36UTO7408122F1204159ZE184226B<<<<<10";

} // namespace

TEST_SUITE("report::json") {
  TEST_CASE("the schema lists exactly the ids of the check registry") {
    const auto schema = load("schemas/verdict.schema.json");
    std::set<std::string> in_schema;
    for (const auto& id : schema["$defs"]["check_id"]["enum"]) {
      in_schema.insert(id.get<std::string>());
    }
    std::set<std::string> in_code;
    for (const auto& row : mrtd::check_registry()) {
      in_code.insert(std::string(row.name));
    }
    CHECK(in_schema == in_code);
  }

  TEST_CASE("envelope: first keys, no time, one line in NDJSON layout") {
    mrtd::mrz::CheckOptions options;
    options.reference_date = {2026, 1, 1};
    const auto report = mrtd::mrz::check(k_td3, options);
    const std::string line = mrtd::report::to_json({"mrz check", "argument 1", std::nullopt, "7"},
                                                   report, mrtd::report::Layout::line);
    CHECK(line.find('\n') == std::string::npos);
    CHECK(line.rfind(R"({"schema_version":1,"tool":"mrtd","tool_version":")", 0) == 0);
    const auto j = nlohmann::json::parse(line);
    CHECK(j["command"] == "mrz check");
    CHECK(j["verdict"] == "valid");
    CHECK(j["input"]["id"] == "7");
    CHECK(j["checks"].size() == mrtd::k_mrz_check_count);
    CHECK(j["data"]["document_number"] == "L898902C3");
    CHECK(j["data"]["birth_date"]["iso"] == "1974-08-12");
    CHECK_FALSE(j.contains("error"));
  }

  TEST_CASE("an error verdict carries the error and no checks or data") {
    mrtd::mrz::CheckOptions options;
    const auto report = mrtd::mrz::check("garbage", options);
    const auto j = nlohmann::json::parse(
        mrtd::report::to_json({"mrz check", std::nullopt, std::nullopt, std::nullopt}, report,
                              mrtd::report::Layout::pretty));
    CHECK(j["verdict"] == "error");
    CHECK(j["error"]["code"] == "malformed");
    CHECK(j["checks"].empty());
    CHECK(j["data"].is_null());
    CHECK(j["summary"].get<std::string>().rfind("error: ", 0) == 0);
  }

  TEST_CASE("summary names the first failed check") {
    mrtd::mrz::CheckOptions options;
    options.reference_date = {2026, 1, 1};
    std::string text = k_td3;
    text[text.size() - 1] = '9'; // composite
    const auto report = mrtd::mrz::check(text, options);
    CHECK(mrtd::report::summary(report.verdict).rfind("invalid: mrz.check_digit.composite: ", 0) ==
          0);
  }

  TEST_CASE("text output: verdict first, failures first, no colour unless asked") {
    mrtd::mrz::CheckOptions options;
    options.reference_date = {2026, 1, 1};
    std::string text = k_td3;
    text[text.size() - 1] = '9';
    const auto report = mrtd::mrz::check(text, options);
    const auto plain =
        mrtd::report::to_text({"mrz check", "x.mrz", std::nullopt, std::nullopt}, report, {});
    CHECK(plain.rfind("INVALID  mrz check  x.mrz\n", 0) == 0);
    CHECK(plain.find("\x1b[") == std::string::npos);
    CHECK(plain.find("\u2717 mrz.check_digit.composite") < plain.find("\u2713"));
    const auto coloured =
        mrtd::report::to_text({"mrz check", std::nullopt, std::nullopt, std::nullopt}, report,
                              {mrtd::report::Colour::yes});
    CHECK(coloured.find("\x1b[1;31mINVALID") == 0);
  }
}
