#include "barcode/bcbp.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <string_view>

namespace {

using mrtd::barcode::ByteView;
using mrtd::barcode::decode_bcbp;
using mrtd::barcode::Payload;

ByteView bytes_of(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

// The value of the first field (or header item) called `name`; "<absent>" when there is none.
std::string value(const std::vector<mrtd::barcode::Field>& items, std::string_view name) {
  for (const auto& item : items) {
    if (item.name == name) {
      return item.value;
    }
  }
  return "<absent>";
}

std::filesystem::path corpus_dir() {
  return std::filesystem::path(MRTD_SOURCE_DIR "/../shared/corpus/barcodes") / "bcbp-iata_bcbp";
}

// IATA Resolution 792 Attachment B example: two legs, version 6, security data.
constexpr std::string_view k_two_legs =
    "M2DESMARAIS/LUC       EABC123 YULFRAAC 0834 226F001A0025 14D>6181WW6225BAC 00141234560032A01"
    "41234567890 1AC AC 1234567890123    20KYLX58ZDEF456 FRAGVALH 3664 227C012C0002 12E2A014098765"
    "4321 1AC AC 1234567890123    2PCNWQ^164GIWVC5EH7JNT684FVNJ91W2QA4DVN5J8K4F0L0GEQ3DF5TGBN8709H"
    "KT5D3DW3GBHFCVHMY7J5T6HFR41W2QA4DVN5J8K4F0L0GE";

// The corpus README's key for each expectation -> this decoder's field name.
const std::map<std::string, std::string> k_top_keys = {{"name", "passenger_name"},
                                                       {"eticket", "electronic_ticket"},
                                                       {"issue_date_yddd", "issue_julian_date"},
                                                       {"doc_type", "document_type"},
                                                       {"issuer", "issuer_designator"},
                                                       {"bag_tag", "baggage_tag"},
                                                       {"security_type", "security_type"},
                                                       {"source_of_issuance", "issuance_source"}};
const std::map<std::string, std::string> k_leg_keys = {{"pnr", "pnr"},
                                                       {"from_", "from_airport"},
                                                       {"to", "to_airport"},
                                                       {"carrier", "carrier"},
                                                       {"flight", "flight_number"},
                                                       {"julian_date", "flight_julian_date"},
                                                       {"compartment", "compartment"},
                                                       {"seat", "seat"},
                                                       {"checkin_seq", "checkin_sequence"},
                                                       {"status", "passenger_status"},
                                                       {"airline_numeric", "airline_numeric_code"},
                                                       {"doc_serial", "document_serial"},
                                                       {"ff_airline", "frequent_flyer_airline"},
                                                       {"ff_number", "frequent_flyer_number"},
                                                       {"baggage", "free_baggage_allowance"},
                                                       {"fast_track", "fast_track"},
                                                       {"selectee", "selectee"}};

// Where each invalid corpus string goes wrong: error code and byte offset.
struct Rejection {
  mrtd::ErrorCode code;
  std::ptrdiff_t offset;
};
const std::map<std::string, Rejection> k_rejections = {
    {"bad_trailing_chars", {mrtd::ErrorCode::malformed, 64}},        // '+' after ^100
    {"bad_format_S", {mrtd::ErrorCode::unsupported, 0}},             // format code S
    {"bad_format_lower_m", {mrtd::ErrorCode::malformed, 0}},         // format code m
    {"bad_security_start", {mrtd::ErrorCode::malformed, 60}},        // '+' instead of '^'
    {"bad_version_start", {mrtd::ErrorCode::malformed, 60}},         // '+' instead of '>'
    {"bad_legs_count", {mrtd::ErrorCode::malformed, 1}},             // 'X'
    {"bad_security_len", {mrtd::ErrorCode::malformed, 62}},          // "YY"
    {"bad_conditional_too_long", {mrtd::ErrorCode::malformed, 58}},  // size "FF" of leg 1
    {"bad_security_past_end", {mrtd::ErrorCode::malformed, 222}},    // length "01", nothing left
    {"bad_truncated_name", {mrtd::ErrorCode::malformed, 11}},        // ends after 11 characters
    {"legacy_no_version_marker", {mrtd::ErrorCode::malformed, 60}}}; // '3' instead of '>'

// Decoding any input gives a bcbp Payload or an Error with a message and an offset in the input.
void check_sane(std::string_view text) {
  const auto result = decode_bcbp(bytes_of(text));
  if (result) {
    CHECK(result->kind == mrtd::barcode::PayloadKind::bcbp);
    CHECK(result->profile == "bcbp");
    CHECK_FALSE(result->signature.has_value());
  } else {
    CHECK_FALSE(result.error().message.empty());
    CHECK(result.error().offset >= 0);
    CHECK(result.error().offset <= static_cast<std::ptrdiff_t>(text.size()));
  }
}

} // namespace

TEST_SUITE("barcode::bcbp") {
  TEST_CASE("two-leg pass: mandatory, unique, repeated and airline items per leg") {
    const auto result = decode_bcbp(bytes_of(k_two_legs));
    REQUIRE(result.has_value());
    const Payload& p = *result;
    CHECK(p.kind == mrtd::barcode::PayloadKind::bcbp);
    CHECK(p.issuing_state.empty());
    CHECK(value(p.header, "format_code") == "M");
    CHECK(value(p.header, "legs") == "2");
    CHECK(value(p.header, "version") == "6");
    CHECK(value(p.fields, "passenger_name") == "DESMARAIS/LUC");
    CHECK(value(p.fields, "electronic_ticket") == "E");
    CHECK(value(p.fields, "leg1.pnr") == "ABC123");
    CHECK(value(p.fields, "leg1.flight_number") == "0834");
    CHECK(value(p.fields, "leg1.flight_julian_date") == "226");
    CHECK(value(p.fields, "passenger_description") == "1");
    CHECK(value(p.fields, "checkin_source") == "W");
    CHECK(value(p.fields, "issuance_source") == "W");
    CHECK(value(p.fields, "issue_julian_date") == "6225");
    CHECK(value(p.fields, "baggage_tag") == "0014123456003");
    CHECK(value(p.fields, "baggage_tag_2") == "<absent>"); // the unique block ends before it
    CHECK(value(p.fields, "leg1.document_verification") == "1");
    CHECK(value(p.fields, "leg1.selectee") == "<absent>"); // blank
    CHECK(value(p.fields, "leg1.marketing_carrier") == "AC");
    CHECK(value(p.fields, "leg1.airline_use") == "LX58Z");
    CHECK(value(p.fields, "leg2.from_airport") == "FRA");
    CHECK(value(p.fields, "leg2.airline_numeric_code") == "014");
    CHECK(value(p.fields, "leg2.fast_track") == "N");
    CHECK(value(p.fields, "leg2.airline_use") == "WQ");
    CHECK(value(p.fields, "security_type") == "1");
    CHECK(value(p.fields, "security_data").size() == 100);
    CHECK(value(p.fields, "security_data").substr(0, 8) == "GIWVC5EH");
    CHECK(p.problems.empty());
    CHECK(p.quirks.empty());
    // payload order: leg 1 before the unique items, leg 2 after them, security last
    CHECK(p.fields.front().name == "passenger_name");
    CHECK(p.fields.back().name == "security_data");
  }

  TEST_CASE("inconsistent sizes and dates are problems, not errors") {
    SUBCASE("unique block larger than the conditional section") {
      // conditional section 08: '>', '6', size "18" (24) but only 4 characters follow
      const auto r = decode_bcbp(
          bytes_of("M1DOE/JOHN            EABC123 YULFRAAC 0834 226F001A0025 108>6181WW6"));
      REQUIRE(r.has_value());
      REQUIRE(r->problems.size() == 2); // block clamped, issue date cut short
      CHECK(r->problems[0].find("declare 24 characters") != std::string::npos);
      CHECK(r->problems[1].find("issue_julian_date cut short") != std::string::npos);
      CHECK(value(r->fields, "passenger_description") == "1");
      CHECK(value(r->fields, "issue_julian_date") == "6");
    }
    SUBCASE("flight date is not a day of the year") {
      const auto r =
          decode_bcbp(bytes_of("M1DOE/JOHN            EABC123 YULFRAAC 0834 367F001A0025 100"));
      REQUIRE(r.has_value());
      REQUIRE(r->problems.size() == 1);
      CHECK(r->problems[0].find("leg1.flight_julian_date '367'") != std::string::npos);
    }
    SUBCASE("version that is not a digit") {
      const auto r =
          decode_bcbp(bytes_of("M1DOE/JOHN            EABC123 YULFRAAC 0834 226F001A0025 102>X"));
      REQUIRE(r.has_value());
      CHECK(value(r->header, "version") == "X");
      CHECK(r->problems.size() == 1);
    }
  }

  TEST_CASE("structural faults are errors with their offset") {
    const std::string leg = "M1DOE/JOHN            EABC123 YULFRAAC 0834 226F001A0025 1";
    SUBCASE("size not hex") {
      const auto r = decode_bcbp(bytes_of(leg + "G0"));
      REQUIRE_FALSE(r.has_value());
      CHECK(r.error().offset == 58);
    }
    SUBCASE("repeated-block size not hex") {
      const auto r = decode_bcbp(bytes_of(leg + "06>600ZZ"));
      REQUIRE_FALSE(r.has_value());
      CHECK(r.error().offset == 64);
    }
    SUBCASE("control character") {
      const auto r = decode_bcbp(bytes_of(leg + "00\n"));
      REQUIRE_FALSE(r.has_value());
      CHECK(r.error().offset == 60);
    }
    SUBCASE("non-ASCII byte") {
      const auto r = decode_bcbp(bytes_of("M1D\xc3\x96"));
      REQUIRE_FALSE(r.has_value());
      CHECK(r.error().offset == 3);
    }
    SUBCASE("empty and zero legs") {
      CHECK(decode_bcbp(ByteView()).error().offset == 0);
      CHECK(decode_bcbp(bytes_of("M0DOE")).error().offset == 1);
    }
    SUBCASE("security data cut in its header") {
      const auto r = decode_bcbp(bytes_of(leg + "00^1"));
      REQUIRE_FALSE(r.has_value());
      CHECK(r.error().offset == 62);
    }
  }

  TEST_CASE("every corpus string decodes or is rejected as its README states") {
    const auto path = corpus_dir() / "bcbp_cases.json";
    if (!std::filesystem::exists(path)) {
      MESSAGE("corpus absent, skipped: " << path.string());
      return;
    }
    std::ifstream in(path);
    const auto cases = nlohmann::json::parse(in);
    REQUIRE(cases.size() == 19);
    int valid = 0;
    for (const auto& c : cases) {
      const std::string id = c["id"].get<std::string>();
      const std::string data = c["data"].get<std::string>();
      const auto& expect = c["expect"];
      CAPTURE(id);
      const auto result = decode_bcbp(bytes_of(data));
      if (!expect["valid"].get<bool>()) {
        REQUIRE_FALSE(result.has_value());
        const auto rejection = k_rejections.find(id);
        REQUIRE(rejection != k_rejections.end());
        CHECK(result.error().code == rejection->second.code);
        CHECK(result.error().offset == rejection->second.offset);
        continue;
      }
      ++valid;
      REQUIRE(result.has_value());
      const Payload& p = *result;
      CHECK(p.problems.empty());
      for (const auto& [key, expected] : expect.items()) {
        CAPTURE(key);
        if (key == "valid" || key == "note" || key == "legs") {
          continue;
        }
        if (key == "version") {
          CHECK(value(p.header, "version") == expected.get<std::string>());
        } else if (key == "security_len") {
          CHECK(value(p.fields, "security_data").size() == expected.get<std::size_t>());
        } else {
          const auto name = k_top_keys.find(key);
          REQUIRE_MESSAGE(name != k_top_keys.end(), "unmapped README key");
          CHECK(value(p.fields, name->second) == expected.get<std::string>());
        }
      }
      const auto& legs = expect["legs"];
      CHECK(value(p.header, "legs") == std::to_string(legs.size()));
      for (std::size_t i = 0; i < legs.size(); ++i) {
        for (const auto& [key, expected] : legs[i].items()) {
          CAPTURE(key);
          const auto name = k_leg_keys.find(key);
          REQUIRE_MESSAGE(name != k_leg_keys.end(), "unmapped README leg key");
          CHECK(value(p.fields, "leg" + std::to_string(i + 1) + "." + name->second) ==
                expected.get<std::string>());
        }
      }
    }
    CHECK(valid == 8);
  }

  TEST_CASE("truncation at every length and garbage: a Payload or an Error, never a crash") {
    std::vector<std::string> inputs{std::string(k_two_legs)};
    if (const auto path = corpus_dir() / "bcbp_cases.json"; std::filesystem::exists(path)) {
      std::ifstream in(path);
      for (const auto& c : nlohmann::json::parse(in)) {
        inputs.push_back(c["data"].get<std::string>());
      }
    }
    for (const auto& input : inputs) {
      for (std::size_t n = 0; n <= input.size(); ++n) {
        check_sane(std::string_view(input).substr(0, n));
      }
    }
    // A truncated two-leg pass is an error up to the end of the second leg's conditional
    // section; without its security data it is complete.
    const auto cut = k_two_legs.find('^');
    CHECK(decode_bcbp(bytes_of(k_two_legs.substr(0, cut))).has_value());
    CHECK_FALSE(decode_bcbp(bytes_of(k_two_legs.substr(0, cut - 1))).has_value());
    CHECK_FALSE(decode_bcbp(bytes_of(k_two_legs.substr(0, cut + 3))).has_value());

    std::mt19937 engine(792); // raw engine output only (STYLE.md §8)
    for (int round = 0; round < 2000; ++round) {
      std::string text = round % 2 == 0 ? std::string(k_two_legs) : std::string("M1");
      text.resize(static_cast<std::size_t>(engine() % 200));
      for (std::size_t i = 2; i < text.size(); ++i) {
        if (engine() % 8 == 0 || text[i] == '\0') {
          text[i] = static_cast<char>(0x20 + engine() % 0x60); // printable ASCII and DEL
        }
      }
      check_sane(text);
    }
  }
}
