#include "barcode/aamva.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using mrtd::barcode::aamva_field_name;
using mrtd::barcode::ByteView;
using mrtd::barcode::decode_aamva;
using mrtd::barcode::Field;
using mrtd::barcode::Payload;

ByteView bytes_of(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

std::string value(const std::vector<Field>& items, std::string_view name) {
  for (const auto& item : items) {
    if (item.name == name) {
      return item.value;
    }
  }
  return "<absent>";
}

std::size_t count(const std::vector<Field>& items, std::string_view name) {
  return static_cast<std::size_t>(
      std::count_if(items.begin(), items.end(), [&](const Field& f) { return f.name == name; }));
}

bool has(const std::vector<std::string>& sentences, std::string_view part) {
  return std::any_of(sentences.begin(), sentences.end(),
                     [&](const std::string& s) { return s.find(part) != std::string::npos; });
}

std::string digits4(std::size_t n) {
  std::string s = std::to_string(n);
  return std::string(4 - s.size(), '0') + s;
}

// A payload as annex D lays it out: header, designators with the real offsets and lengths,
// subfiles (type, elements separated by LF, CR at the end).
std::string build(std::string_view version,
                  const std::vector<std::pair<std::string, std::string>>& subfiles,
                  std::string_view jurisdiction_version = "00") {
  std::string head =
      "@\n\x1e\rANSI 636000" + std::string(version) + std::string(jurisdiction_version);
  head += (subfiles.size() < 10 ? "0" : "") + std::to_string(subfiles.size());
  std::size_t offset = head.size() + 10 * subfiles.size();
  std::string designators;
  std::string body;
  for (const auto& [type, elements] : subfiles) {
    const std::string subfile = type + elements + "\r";
    designators += type + digits4(offset) + digits4(subfile.size());
    body += subfile;
    offset += subfile.size();
  }
  return head + designators + body;
}

const std::string k_dl = "DAQT64235789\nDCSSAMPLE\nDACMICHAEL\nDADJOHN\nDBD06062019\nDBB06061986\n"
                         "DBA12102024\nDBC2\nDAG2300 WEST BROAD STREET  \nDAIRICHMOND\nDAJVA\n"
                         "DAK232690000  \nDCGUSA\nDDB06062018\nDDD1";
const std::string k_payload = build("10", {{"DL", k_dl}, {"ZV", "ZVA01\nZVB XYZ "}});

std::filesystem::path corpus_dir() {
  return std::filesystem::path(MRTD_SOURCE_DIR "/../shared/corpus/barcodes") /
         "aamva-idlparser-cpp";
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The README's date rule, written out independently: MMDDCCYY (US, version >= 2),
// CCYYMMDD (version 1); the pre-standard 00.idl writes MM/DD/CCYY.
std::string iso_date(std::string raw, bool ccyymmdd) {
  if (raw.size() == 10 && raw[2] == '/' && raw[5] == '/') {
    return raw.substr(6, 4) + "-" + raw.substr(0, 2) + "-" + raw.substr(3, 2);
  }
  if (raw.size() != 8 || raw.find_first_not_of("0123456789") != std::string::npos) {
    return raw; // e.g. the placeholder "MMDDCCYY" of 04.idl and 06.idl
  }
  return ccyymmdd ? raw.substr(0, 4) + "-" + raw.substr(4, 2) + "-" + raw.substr(6, 2)
                  : raw.substr(4, 4) + "-" + raw.substr(0, 2) + "-" + raw.substr(2, 2);
}

bool is_date_element(std::string_view id) {
  return id == "DBA" || id == "DBB" || id == "DBD" || id == "DDB" || id == "DDC";
}

void check_sane(std::string_view text) {
  const auto result = decode_aamva(bytes_of(text));
  if (result) {
    CHECK(result->kind == mrtd::barcode::PayloadKind::aamva);
    CHECK(result->profile == "aamva");
    CHECK_FALSE(result->signature.has_value());
  } else {
    CHECK_FALSE(result.error().message.empty());
    CHECK(result.error().offset >= 0);
    CHECK(result.error().offset <= static_cast<std::ptrdiff_t>(text.size()));
  }
}

} // namespace

TEST_SUITE("barcode::aamva") {
  TEST_CASE("standard payload: header, named elements, ISO dates, jurisdiction subfile") {
    const auto result = decode_aamva(bytes_of(k_payload));
    REQUIRE(result.has_value());
    const Payload& p = *result;
    CHECK(p.profile == "aamva");
    CHECK(p.issuing_state == "USA");
    CHECK(p.issue_date == mrtd::CivilDate{2019, 6, 6});
    CHECK(value(p.header, "iin") == "636000");
    CHECK(value(p.header, "aamva_version") == "10");
    CHECK(value(p.header, "jurisdiction_version") == "00");
    CHECK(count(p.header, "subfile") == 2);
    CHECK(p.header.back().value == "ZV");
    CHECK(value(p.fields, "document_number") == "T64235789");
    CHECK(value(p.fields, "family_name") == "SAMPLE");
    CHECK(value(p.fields, "first_name") == "MICHAEL");
    CHECK(value(p.fields, "middle_names") == "JOHN");
    CHECK(value(p.fields, "date_of_birth") == "1986-06-06");
    CHECK(value(p.fields, "date_of_expiry") == "2024-12-10");
    CHECK(value(p.fields, "date_of_issue") == "2019-06-06");
    CHECK(value(p.fields, "card_revision_date") == "2018-06-06");
    CHECK(value(p.fields, "sex") == "F");
    CHECK(value(p.fields, "address_street") == "2300 WEST BROAD STREET");
    CHECK(value(p.fields, "address_postal_code") == "232690000");
    CHECK(value(p.fields, "country") == "USA");
    CHECK(value(p.fields, "DDD") == "<absent>"); // named: limited_duration_document
    CHECK(value(p.fields, "limited_duration_document") == "1");
    CHECK(value(p.fields, "ZVA") == "01"); // jurisdiction elements keep their ID
    CHECK(value(p.fields, "ZVB") == "XYZ");
    CHECK(p.fields.size() == 17);
    CHECK(p.quirks.empty());
    CHECK(p.problems.empty());
  }

  TEST_CASE("date order: version 01 and Canada use CCYYMMDD") {
    SUBCASE("Canada") {
      const auto r = decode_aamva(bytes_of(build("08", {{"DL", "DAQ1\nDBB19860606\nDCGCAN"}})));
      REQUIRE(r.has_value());
      CHECK(value(r->fields, "date_of_birth") == "1986-06-06");
      CHECK(r->issuing_state == "CAN");
      CHECK(r->quirks.empty());
    }
    SUBCASE("version 01 has no jurisdiction version") {
      const auto r = decode_aamva(bytes_of(build("01", {{"DL", "DAQ1\nDBB19860606\nDBC1"}}, "")));
      REQUIRE(r.has_value());
      CHECK(value(r->header, "jurisdiction_version") == "<absent>");
      CHECK(value(r->fields, "date_of_birth") == "1986-06-06");
      CHECK(value(r->fields, "sex") == "M");
      CHECK(r->quirks.empty());
      CHECK(r->problems.empty());
    }
    SUBCASE("a date that reads only in the other order: taken, with a quirk") {
      const auto r = decode_aamva(bytes_of(build("08", {{"DL", "DBB19860606\nDCGUSA"}})));
      REQUIRE(r.has_value());
      CHECK(value(r->fields, "date_of_birth") == "1986-06-06");
      CHECK(has(r->quirks, "CCYYMMDD order"));
    }
    SUBCASE("a date in neither order keeps its text") {
      const auto r = decode_aamva(bytes_of(build("08", {{"DL", "DBB13131986\nDBC7"}})));
      REQUIRE(r.has_value());
      CHECK(value(r->fields, "date_of_birth") == "13131986");
      CHECK_FALSE(r->issue_date.has_value());
      CHECK(r->problems.size() == 2); // the date and sex 7
    }
  }

  TEST_CASE("real-world deviations are tolerated with a quirk") {
    SUBCASE("FS instead of RS, leading blank") {
      std::string text = " " + k_payload;
      text[3] = '\x1c';
      const auto r = decode_aamva(bytes_of(text));
      REQUIRE(r.has_value());
      CHECK(r->quirks.size() == 2);
      CHECK(has(r->quirks, "FS (0x1C)"));
      CHECK(has(r->quirks, "blank before"));
      CHECK(value(r->fields, "document_number") == "T64235789");
      CHECK(value(r->fields, "ZVA") == "01");
      CHECK(r->problems.empty());
    }
    SUBCASE("designator offset off by one") {
      std::string text = k_payload;
      text[26] = static_cast<char>(text[26] + 1); // DL offset 0041 -> 0042
      const auto r = decode_aamva(bytes_of(text));
      REQUIRE(r.has_value());
      CHECK(has(r->quirks,
                "subfile DL found at offset 41 (counted from '@'), its designator says 42"));
      CHECK(value(r->fields, "family_name") == "SAMPLE");
      CHECK(r->problems.empty());
    }
    SUBCASE("ISO 8859-1 text becomes UTF-8") {
      const auto r = decode_aamva(bytes_of(build("10", {{"DL", "DCSM\xdcLLER"}})));
      REQUIRE(r.has_value());
      CHECK(value(r->fields, "family_name") == "M\xc3\x9cLLER");
      CHECK(has(r->quirks, "ISO 8859-1"));
    }
    SUBCASE("a subfile that is not there, and bytes that belong to none") {
      std::string text = k_payload;
      text.replace(text.rfind("ZVZVA"), 2, "XX");
      text += "JUNK";
      const auto r = decode_aamva(bytes_of(text));
      REQUIRE(r.has_value());
      CHECK(has(r->problems, "subfile ZV of the header not found"));
      CHECK(has(r->problems, "belong to no subfile"));
      CHECK(value(r->fields, "document_number") == "T64235789");
    }
  }

  TEST_CASE("header faults are errors with their offset") {
    CHECK(decode_aamva(ByteView()).error().offset == 0);
    CHECK(decode_aamva(bytes_of("X\n\x1e\rANSI 636000")).error().offset == 0);
    CHECK(decode_aamva(bytes_of("@\n\x1f\rANSI 636000")).error().offset == 2);
    CHECK(decode_aamva(bytes_of("@\n\x1e\rANSX 636000100001")).error().offset == 4);
    CHECK(decode_aamva(bytes_of("@\n\x1e\rANSI 636000100000")).error().offset == 19);
    CHECK(decode_aamva(bytes_of("@\n\x1e\rANSI 6360001000")).error().offset == 17);
    CHECK(decode_aamva(bytes_of("@\n\x1e\rANSI 636000100001DL0041")).error().offset == 27);
    CHECK(decode_aamva(bytes_of("@\n\x1e\rANSI 636000100001DL00X10100DL")).error().offset == 21);
    CHECK(decode_aamva(bytes_of("@\n\x1e\rANSI       \n")).error().offset == 15);
  }

  TEST_CASE("element names") {
    CHECK(aamva_field_name("DAQ") == "document_number");
    CHECK(aamva_field_name("DCS") == "family_name");
    CHECK(aamva_field_name("DBA") == "date_of_expiry");
    CHECK(aamva_field_name("DAJ") == "address_state");
    CHECK(aamva_field_name("DBG") == "DBG"); // meaning changed between versions
    CHECK(aamva_field_name("ZVA") == "ZVA");
  }

  TEST_CASE("every corpus payload decodes as its README and parsed-field file state") {
    const auto dir = corpus_dir();
    if (!std::filesystem::exists(dir)) {
      MESSAGE("corpus absent, skipped: " << dir.string());
      return;
    }
    // The README's table: header facts and key elements (dates as ISO).
    struct Expect {
      std::string file, iin, version;
      std::map<std::string, std::string> fields;
    };
    const std::vector<Expect> table = {
        {"00",
         "030001",
         "<absent>",
         {{"family_name", "ARCHINE DE GIOVANNI"},
          {"given_names", "RENATA"},
          {"date_of_birth", "1945-12-11"},
          {"date_of_issue", "2010-08-17"},
          // README says DAQ 21326623; the payload (and 00.txt) has the ID DQA: kept as is
          {"DQA", "21326623"},
          {"document_number", "<absent>"}}},
        {"01",
         "636005",
         "01",
         {{"document_number", "3265188"},
          {"date_of_expiry", "2024-10-04"},
          {"date_of_birth", "1991-10-04"}}},
        {"02",
         "636025",
         "08",
         {{"family_name", "SAMPLE"},
          {"first_name", "JANICE"},
          {"document_number", "99999999"},
          {"date_of_birth", "1969-08-04"},
          {"date_of_expiry", "2023-08-04"}}},
        {"03",
         "636099",
         "03",
         {{"family_name", "MURPHY"},
          {"document_number", "000000900"},
          {"date_of_birth", "1970-01-01"}}},
        {"04", "636014", "04", {}},
        {"05",
         "636000",
         "10",
         {{"family_name", "SAMPLE"},
          {"first_name", "MICHAEL"},
          {"middle_names", "JOHN"},
          {"document_number", "T64235789"},
          {"date_of_birth", "1986-06-06"},
          {"date_of_expiry", "2024-12-10"},
          {"address_state", "VA"},
          {"ZVA", "01"}}},
        {"06",
         "636037",
         "04",
         {{"family_name", "SAMPLEFAMILYNAMEUPTO40CHARACTERSXYWXYWXY"},
          {"document_number", "1234-56-7890"}}},
    };
    for (const auto& expect : table) {
      CAPTURE(expect.file);
      const std::string data = read_file(dir / (expect.file + ".idl"));
      const auto result = decode_aamva(bytes_of(data));
      REQUIRE(result.has_value());
      const Payload& p = *result;
      CHECK(value(p.header, "iin") == expect.iin);
      CHECK(value(p.header, "aamva_version") == expect.version);
      for (const auto& [name, expected] : expect.fields) {
        CAPTURE(name);
        CHECK(value(p.fields, name) == expected);
      }
      // Every element of the origin parser's output, under this decoder's name.
      std::ifstream txt(dir / (expect.file + ".txt"));
      std::size_t elements = 0;
      for (std::string line; std::getline(txt, line);) {
        if (line.rfind("IIN:[", 0) == 0 || line == "DL:[DL]") {
          continue; // the header's IIN (checked above) and that parser's subfile marker
        }
        REQUIRE(line.substr(3, 2) == ":[");
        const std::string id = line.substr(0, 3);
        std::string expected = line.substr(5, line.rfind(']') - 5);
        ++elements;
        CAPTURE(id);
        if (is_date_element(id)) {
          expected = iso_date(expected, expect.version == "01");
        }
        const std::string name(aamva_field_name(id));
        CHECK(std::any_of(p.fields.begin(), p.fields.end(),
                          [&](const Field& f) { return f.name == name && f.value == expected; }));
        if (id == "DCG") {
          CHECK(p.issuing_state == expected);
        }
      }
      CHECK(p.fields.size() == elements);
    }
  }

  TEST_CASE("corpus deviations: the quirks and problems each file shows") {
    const auto dir = corpus_dir();
    if (!std::filesystem::exists(dir)) {
      MESSAGE("corpus absent, skipped: " << dir.string());
      return;
    }
    const auto decode = [&](const char* name) {
      auto r = decode_aamva(bytes_of(read_file(dir / name)));
      REQUIRE(r.has_value());
      return std::move(*r);
    };
    const Payload p00 = decode("00.idl");
    CHECK(has(p00.quirks, "pre-standard header"));
    CHECK(has(p00.quirks, "NUL padding"));
    CHECK(p00.problems.size() == 2); // "WASHINGTONDAJDC", "21326623DCF2132-6623--0"
    const Payload p01 = decode("01.idl");
    CHECK(has(p01.quirks, "FS (0x1C) instead of RS"));
    CHECK(has(p01.quirks,
              "subfile DL found at offset 29 (counted from '@'), its designator says 30"));
    CHECK(p01.problems.size() == 1); // length 203 from offset 29 runs past the 226 bytes
    CHECK(has(decode("02.idl").quirks, "CR (segment terminator) inside subfile ZP"));
    CHECK(decode("03.idl").quirks.empty());
    const Payload p04 = decode("04.idl");
    CHECK(has(p04.quirks, "blank before the compliance indicator"));
    CHECK(has(p04.quirks, "subfile DL is 476 bytes long, its designator says 477"));
    CHECK(has(p04.quirks,
              "subfile ZC found at offset 517 (counted from '@'), its designator says 518"));
    REQUIRE(p04.problems.size() == 1); // DDB holds the placeholder text MMDDCCYY
    CHECK(has(p04.problems, "DDB (card_revision_date) 'MMDDCCYY' is not a date"));
    CHECK(decode("05.idl").quirks.empty());
    const Payload p06 = decode("06.idl");
    CHECK(has(p06.quirks, "blank bytes after the last subfile"));
    CHECK(p06.problems.size() == 1); // DDB MMDDCCYY again
  }

  TEST_CASE("truncation at every length and garbage: a Payload or an Error, never a crash") {
    std::vector<std::string> inputs{k_payload};
    if (std::filesystem::exists(corpus_dir())) {
      for (const char* name : {"00", "01", "02", "03", "04", "05", "06"}) {
        inputs.push_back(read_file(corpus_dir() / (std::string(name) + ".idl")));
      }
    }
    for (const auto& input : inputs) {
      for (std::size_t n = 0; n <= input.size(); ++n) {
        check_sane(std::string_view(input).substr(0, n));
      }
    }
    std::mt19937 engine(2020); // raw engine output only (STYLE.md §8)
    for (int round = 0; round < 2000; ++round) {
      std::string text = k_payload;
      for (std::size_t i = 0; i < text.size(); ++i) {
        if (engine() % 16 == 0) {
          text[i] = static_cast<char>(engine() & 0xFF);
        }
      }
      check_sane(text);
    }
  }
}
