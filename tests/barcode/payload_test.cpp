#include "barcode/payload.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace {

using mrtd::barcode::Bytes;
using mrtd::barcode::ByteView;
using mrtd::barcode::classify;
using mrtd::barcode::PayloadKind;

ByteView bytes_of(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

PayloadKind kind_of(std::string_view text) {
  return classify(bytes_of(text));
}

constexpr std::string_view k_bcbp = "M1DESMARAIS/LUC       EABC123 YULFRAAC 0834 326J001A0025 100";
constexpr std::string_view k_aamva = "@\n\x1e\rANSI 636000100001DL00310011DLDAQ12345\r";

} // namespace

TEST_SUITE("barcode::payload") {
  TEST_CASE("classify: each magic of barcodes.md P16") {
    CHECK(classify(Bytes{0xDC, 0x03, 0x5E, 0x03}) == PayloadKind::vds);
    CHECK(classify(Bytes{0xDC, 0x02}) == PayloadKind::vds);
    CHECK(kind_of("RDB1BNK6ADJL2PECXOABRPAVGCUABJYBQCAIEAGIAKCDEUUM2KGWA7Y3QCPFVZIJU") ==
          PayloadKind::idb);
    CHECK(kind_of("NDB1A") == PayloadKind::idb);
    CHECK(kind_of("HC1:NCFOXN%TS3DH3ZSUZK+.V0ETD%65NL-AH") == PayloadKind::dcc);
    CHECK(kind_of(R"({"data":{"hdr":{"t":"icao.vacc","v":1,"is":"AUS"},"msg":{}},"sig":{}})") ==
          PayloadKind::vds_nc);
    CHECK(kind_of(k_bcbp) == PayloadKind::bcbp);
    CHECK(kind_of(k_aamva) == PayloadKind::aamva);
    CHECK(kind_of("DC04FR000001") == PayloadKind::two_d_doc);
    CHECK(kind_of("plain text") == PayloadKind::text);
    CHECK(classify(Bytes{0x00, 0x01, 0x02}) == PayloadKind::binary);
  }

  TEST_CASE("classify: confusion cases") {
    SUBCASE("VDS magic byte 0xDC vs 2D-Doc ASCII \"DC\"") {
      CHECK(classify(Bytes{0xDC, '0', '3'}) == PayloadKind::vds);
      CHECK(classify(Bytes{'D', 'C', '0', '3'}) == PayloadKind::two_d_doc);
      CHECK(kind_of("DC0") == PayloadKind::text);          // needs two version digits
      CHECK(kind_of("DCX3") == PayloadKind::text);         // not digits
      CHECK(classify(Bytes{0xDC}) == PayloadKind::binary); // a lone magic byte is no seal
    }
    SUBCASE("IDB prefixes") {
      CHECK(kind_of("RDB1") == PayloadKind::idb);
      CHECK(kind_of("RDB2A") == PayloadKind::text);
      CHECK(kind_of("rdb1A") == PayloadKind::text);
      CHECK(kind_of("NDB") == PayloadKind::text);
    }
    SUBCASE("DCC prefix") {
      CHECK(kind_of("HC1:") == PayloadKind::dcc);
      CHECK(kind_of("HC2:6BFOXN") == PayloadKind::text); // dgc-testdata H2: wrong prefix
      CHECK(kind_of("HL0:6BFOXN") == PayloadKind::text); // dgc-testdata H1
      CHECK(kind_of("hc1:6BFOXN") == PayloadKind::text);
    }
    SUBCASE("VDS-NC needs an object with data and sig, in any order, blanks first") {
      CHECK(kind_of(R"({"sig":{},"data":{}})") == PayloadKind::vds_nc);
      CHECK(kind_of(" \r\n\t{\"data\":{},\"sig\":{}}") == PayloadKind::vds_nc);
      CHECK(kind_of(R"({"data":{}})") == PayloadKind::text);
      CHECK(kind_of(R"(["data","sig"])") == PayloadKind::text);
    }
    SUBCASE("BCBP needs M and a leg count 1-9") {
      CHECK(kind_of("M9") == PayloadKind::bcbp);
      CHECK(kind_of("M0DOE") == PayloadKind::text);
      CHECK(kind_of("MXDOE") == PayloadKind::text);
      CHECK(kind_of("m1DOE") == PayloadKind::text);
      CHECK(kind_of("S1DOE") == PayloadKind::text);
    }
    SUBCASE("AAMVA: '@' and a line break, or a leading blank (P15)") {
      CHECK(kind_of("@\n\x1c") == PayloadKind::aamva); // FS instead of RS
      CHECK(kind_of(" @\n\x1e\rANSI ") == PayloadKind::aamva);
      CHECK(kind_of("@\r\x1e") == PayloadKind::aamva);
      CHECK(kind_of("@\n") == PayloadKind::text); // too short
      CHECK(kind_of("@home") == PayloadKind::text);
    }
    SUBCASE("text vs binary") {
      CHECK(kind_of("") == PayloadKind::binary);
      CHECK(kind_of("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80") == PayloadKind::text);
      CHECK(kind_of("line\r\n\ttab\x1d") == PayloadKind::text);
      CHECK(kind_of("caf\xc3") == PayloadKind::binary); // truncated UTF-8
      CHECK(kind_of("caf\xe9") == PayloadKind::binary); // ISO 8859-1
      CHECK(kind_of("a\x7f") == PayloadKind::binary);   // DEL
      CHECK(kind_of(std::string_view("a\0b", 3)) == PayloadKind::binary);
    }
  }

  TEST_CASE("kind names") {
    CHECK(std::string(to_string(PayloadKind::vds)) == "icao_vds");
    CHECK(std::string(to_string(PayloadKind::vds_nc)) == "icao_vds_nc");
    CHECK(std::string(to_string(PayloadKind::idb)) == "icao_idb");
    CHECK(std::string(to_string(PayloadKind::dcc)) == "eu_dcc");
    CHECK(std::string(to_string(PayloadKind::bcbp)) == "iata_bcbp");
    CHECK(std::string(to_string(PayloadKind::aamva)) == "aamva");
    CHECK(std::string(to_string(PayloadKind::two_d_doc)) == "fr_2d_doc");
    CHECK(std::string(to_string(PayloadKind::text)) == "text");
    CHECK(std::string(to_string(PayloadKind::binary)) == "binary");
  }

  TEST_CASE("decode: text, binary and 2D-Doc give an empty Payload of their kind") {
    const auto text = mrtd::barcode::decode(bytes_of("hello, world"));
    REQUIRE(text.has_value());
    CHECK(text->kind == PayloadKind::text);
    CHECK(text->profile == "text");
    CHECK(text->fields.empty());
    CHECK_FALSE(text->signature.has_value());

    const auto binary = mrtd::barcode::decode(Bytes{0x00, 0xFF, 0x10});
    REQUIRE(binary.has_value());
    CHECK(binary->kind == PayloadKind::binary);
    CHECK(binary->profile == "binary");
    CHECK(binary->fields.empty());

    const auto empty = mrtd::barcode::decode(ByteView());
    REQUIRE(empty.has_value());
    CHECK(empty->kind == PayloadKind::binary);

    const auto doc = mrtd::barcode::decode(bytes_of("DC03FR0000010E0F"));
    REQUIRE(doc.has_value());
    CHECK(doc->kind == PayloadKind::two_d_doc);
    CHECK(doc->profile == "fr_2d_doc");
    CHECK(doc->fields.empty());
  }

  TEST_CASE("decode dispatches BCBP and AAMVA to their decoders") {
    const auto bcbp = mrtd::barcode::decode(bytes_of(k_bcbp));
    REQUIRE(bcbp.has_value());
    CHECK(bcbp->kind == PayloadKind::bcbp);
    CHECK(bcbp->profile == "bcbp");
    CHECK_FALSE(bcbp->fields.empty());

    const auto aamva = mrtd::barcode::decode(bytes_of(k_aamva));
    REQUIRE(aamva.has_value());
    CHECK(aamva->kind == PayloadKind::aamva);
    CHECK(aamva->fields.size() == 1);
    CHECK(aamva->fields[0].name == "document_number");
    CHECK(aamva->fields[0].value == "12345");

    // recognised by its magic, then rejected by the decoder: an Error, not a text Payload
    const auto broken = mrtd::barcode::decode(bytes_of("M1DOE"));
    REQUIRE_FALSE(broken.has_value());
    CHECK(broken.error().code == mrtd::ErrorCode::malformed);
  }
}
