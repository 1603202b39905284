#include "barcode/base45.hpp"
#include "barcode/cbor.hpp"
#include "barcode/dcc.hpp"
#include "core/date.hpp"
#include "dcc_build.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

using namespace mrtd::barcode;
using namespace mrtd::barcode::dcctest;

namespace {

const std::filesystem::path k_dgc = std::filesystem::path(MRTD_SOURCE_DIR) / ".." / "shared" /
                                    "corpus" / "barcodes" / "dgc-testdata";

ByteView bytes_of(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

Bytes from_hex(std::string_view hex) {
  Bytes out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<std::uint8_t>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

std::string value(const Payload& p, std::string_view name) {
  for (const auto* list : {&p.header, &p.fields}) {
    for (const Field& f : *list) {
      if (f.name == name) {
        return f.value;
      }
    }
  }
  return "<absent>";
}

bool has_quirk(const Payload& p, std::string_view word) {
  for (const auto& q : p.quirks) {
    if (q.find(word) != std::string::npos) {
      return true;
    }
  }
  return false;
}

} // namespace

TEST_SUITE("barcode::dcc") {
  TEST_CASE("dgc-testdata: decode agreement with EXPECTEDRESULTS") {
    if (!std::filesystem::exists(k_dgc)) {
      MESSAGE("dgc-testdata not found under " << k_dgc.string() << ": skipped");
      return;
    }
    int decoded = 0;
    int rejected = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(k_dgc)) {
      if (entry.path().extension() != ".json") {
        continue;
      }
      const std::string name =
          entry.path().parent_path().parent_path().parent_path().filename().string() + "/" +
          entry.path().filename().string();
      CAPTURE(name);
      std::ifstream in(entry.path());
      const auto vector = nlohmann::json::parse(in);
      const auto& expected = vector.at("EXPECTEDRESULTS");
      const auto expect = [&](const char* key) -> std::optional<bool> {
        return expected.contains(key) ? std::optional<bool>(expected[key].get<bool>())
                                      : std::nullopt;
      };
      const std::string prefix = vector.value("PREFIX", "");
      auto p = decode_dcc(bytes_of(prefix));
      p ? ++decoded : ++rejected;

      if (expect("EXPECTEDUNPREFIX") == false) { // H1 HL0:, H2 HC2:, H3 no prefix
        REQUIRE_FALSE(p);
        CHECK(p.error().offset == 0);
        continue;
      }
      if (expect("EXPECTEDB45DECODE") == false) { // B1
        REQUIRE_FALSE(p);
        CHECK(p.error().message.find("base45") != std::string::npos);
        continue;
      }
      if (expect("EXPECTEDCOMPRESSION") == false) {
        // Z1: not a zlib stream and not COSE either -> rejected; Z2: raw COSE -> a quirk.
        CHECK((!p || has_quirk(*p, "zlib")));
        continue;
      }
      if (expect("EXPECTEDDECODE") == false) { // CBO1: the claim -260/1 is no DCC object
        CHECK((!p || (value(*p, "dcc") == "<absent>" && !p->problems.empty())));
        continue;
      }
      if (expect("EXPECTEDVERIFY") == false && vector.value("COSE", "").substr(0, 4) != "d284") {
        CHECK_FALSE(p); // CBO2: no COSE_Sign1 structure at all
        continue;
      }
      REQUIRE(p);
      CHECK(p->profile == "dcc");
      CHECK_FALSE(has_quirk(*p, "zlib"));
      // The DCC JSON equals the vector's own JSON member (where it has one).
      if (vector.contains("JSON")) {
        CHECK(nlohmann::json::parse(value(*p, "dcc")) == vector["JSON"]);
      }
      REQUIRE(p->signature);
      const SignatureInfo& s = *p->signature;
      CHECK(s.reference_kind == ReferenceKind::sha256_head8);
      // Sig_structure = 84 6A "Signature1" bstr(protected) 40 bstr(payload) (RFC 8152 §4.4);
      // the signatures over these bytes were checked out of band with OpenSSL (all but CO5).
      CHECK(Bytes(s.signed_data.begin(), s.signed_data.begin() + 12) ==
            from_hex("846a5369676e617475726531"));
      const Bytes cose = from_hex(vector.value("COSE", ""));
      if (!cose.empty()) {
        // The signature bstr closes the COSE message; the payload bstr closes the Sig_structure
        // and stands right before the signature in the message.
        Bytes tail;
        cbor::write_bytes(tail, s.signature);
        REQUIRE(cose.size() > tail.size());
        CHECK(Bytes(cose.end() - static_cast<std::ptrdiff_t>(tail.size()), cose.end()) == tail);
        const auto payload_start =
            std::search(cose.begin(), cose.end(), s.signed_data.end() - 40, s.signed_data.end());
        CHECK(payload_start != cose.end());
      }
      if (expect("EXPECTEDEXPIRATIONCHECK") == false) { // CO16 before iat, CO17 after exp
        const auto clock =
            mrtd::parse_instant(vector["TESTCTX"]["VALIDATIONCLOCK"].get<std::string>());
        const auto iat = mrtd::parse_instant(value(*p, "iat"));
        const auto exp = mrtd::parse_instant(value(*p, "exp"));
        REQUIRE(clock);
        REQUIRE(iat);
        REQUIRE(exp);
        CHECK((*clock < *iat || *clock > *exp));
      }
    }
    MESSAGE("dgc-testdata: " << decoded << " decoded, " << rejected << " rejected");
    // 46 vectors: rejected H1, H2, H3 (prefix), B1 (base45), Z1 (compression), CBO2 (no
    // COSE_Sign1); CBO1 and Z2 decode with a problem or a quirk.
    CHECK(decoded == 40);
    CHECK(rejected == 6);
  }

  TEST_CASE("dgc-testdata: header placement and the special vectors") {
    const auto load = [](const char* path) -> std::optional<Payload> {
      std::ifstream in(k_dgc / path);
      if (!in) {
        return std::nullopt;
      }
      const auto vector = nlohmann::json::parse(in);
      auto p = decode_dcc(bytes_of(vector.value("PREFIX", "")));
      REQUIRE(p);
      return std::move(*p);
    };
    const auto at1 = load("AT/2DCode/raw/1.json");
    if (!at1) {
      MESSAGE("dgc-testdata not found: skipped");
      return;
    }
    CHECK(value(*at1, "kid_header") == "protected");
    CHECK(value(*at1, "alg") == "-7 ES256");
    CHECK(at1->issuing_state == "AT");
    CHECK(value(*at1, "dcc.certificate_type") == "v");
    CHECK(value(*at1, "dcc.nam.fn") == "Musterfrau-G\xC3\xB6\xC3\x9Finger");
    CHECK(value(*at1, "dcc.dob") == "1998-02-26");
    CHECK(value(*at1, "dcc.ci") == "URN:UVCI:01:AT:10807843F94AEE0EE5093FBC254BD813#B");
    const auto de1 = load("DE/2DCode/raw/1.json");
    CHECK(value(*de1, "kid_header") == "unprotected"); // README: DE puts kid unprotected
    CHECK(value(*de1, "alg_header") == "protected");
    CHECK(de1->issuing_state == "DE");
    const auto co1 = load("common/2DCode/raw/CO1.json");
    CHECK(co1->signature->algorithm == SignatureAlgorithm::rsassa_pss_sha256);
    CHECK(co1->signature->signature.size() == 256); // RSA-2048
    CHECK(load("common/2DCode/raw/CO2.json")->signature->signature.size() == 384);
    const auto co5 = load("common/2DCode/raw/CO5.json");
    CHECK(co5->problems.size() == 1); // a 3-byte "ES256 signature"
    const auto co20 = load("common/2DCode/raw/CO20.json");
    CHECK(value(*co20, "alg_header") == "unprotected");
    CHECK(value(*co20, "kid_header") == "unprotected");
    const auto co21 = load("common/2DCode/raw/CO21.json");
    CHECK(value(*co21, "kid_header") == "protected");
    CHECK(has_quirk(*co21, "kid"));
    const auto co22 = load("common/2DCode/raw/CO22.json");
    CHECK(co22->signature->reference == "666F6F"); // the wrong protected kid wins (P12)
    CHECK(value(*co22, "kid_header") == "protected");
    const auto co28 = load("common/2DCode/raw/CO28.json");
    CHECK(value(*co28, "cose_tags") == "61,18");
    CHECK(co28->issuing_state == "SE");
  }

  TEST_CASE("hand-built COSE: unprotected alg and kid, empty protected header") {
    Bytes unprotected;
    cbor::write_head(unprotected, 5, 2);
    cbor::write_head(unprotected, 0, 1);
    cbor::write_head(unprotected, 1, 6); // alg -7
    cbor::write_head(unprotected, 0, 4);
    cbor::write_bytes(unprotected, from_hex("0102030405060708"));
    const Bytes claims = claims_cbor();
    auto p = decode_dcc(bytes_of(hc1(cose_sign1({}, unprotected, claims))));
    REQUIRE(p);
    CHECK(has_quirk(*p, "zlib")); // not compressed
    CHECK(p->issuing_state == "UT");
    CHECK(value(*p, "iat") == "2021-05-03T18:00:00Z");
    CHECK(value(*p, "exp") == "2021-06-02T18:00:00Z");
    CHECK(value(*p, "dcc") == R"({"dob":"1990-01-02","ver":"1.3.0"})");
    CHECK(value(*p, "dcc.ver") == "1.3.0");
    REQUIRE(p->signature);
    CHECK(p->signature->reference == "0102030405060708");
    CHECK(p->signature->signing_date == mrtd::CivilDate{2021, 5, 3});
    // The empty protected header is the empty bstr h'' in the Sig_structure.
    Bytes expected = from_hex("846a5369676e61747572653140"
                              "40");
    cbor::write_bytes(expected, claims);
    CHECK(p->signature->signed_data == expected);
  }

  TEST_CASE("RFC 8152 C.2.1: the Sig_structure of a COSE_Sign1") {
    const std::string content = "This is the content.";
    const Bytes s = cose_sign1_sig_structure(
        from_hex("a10126"),
        ByteView(reinterpret_cast<const std::uint8_t*>(content.data()), content.size()));
    CHECK(s == from_hex("846a5369676e61747572653143a10126405454686973206973207468652063"
                        "6f6e74656e742e"));
  }

  TEST_CASE("unsupported and malformed envelopes") {
    Bytes protected_map;
    cbor::write_head(protected_map, 5, 1);
    cbor::write_head(protected_map, 0, 1);
    cbor::write_head(protected_map, 1, 7); // alg -8 (EdDSA): not a DCC algorithm
    Bytes empty_map = {0xA0};
    auto eddsa = decode_dcc(bytes_of(hc1(cose_sign1(protected_map, empty_map, claims_cbor()))));
    REQUIRE(eddsa);
    CHECK_FALSE(eddsa->signature.has_value());
    CHECK(eddsa->problems.size() == 2); // algorithm, no kid

    // A NumericDate beyond year 9999 (here -2^64 as iat): a problem, not an instant.
    Bytes claims;
    cbor::write_head(claims, 5, 1);
    cbor::write_head(claims, 0, 6);
    cbor::write_head(claims, 1, 0xFFFFFFFFFFFFFFFF);
    auto far = decode_dcc(bytes_of(hc1(cose_sign1(protected_map, empty_map, claims))));
    REQUIRE(far);
    CHECK(value(*far, "iat") == "<absent>");
    CHECK(far->problems.size() == 4); // algorithm, kid, iat, no hcert

    CHECK(decode_dcc(bytes_of("HC2:6BFOXN")).error().code == mrtd::ErrorCode::unsupported);
    CHECK(decode_dcc(bytes_of("NCFOXN")).error().code == mrtd::ErrorCode::malformed);
    CHECK(decode_dcc(bytes_of("HC1:A")).error().offset == 4);
    // Detached payload (nil), a COSE_Mac0 tag, a 3-element array.
    CHECK(decode_dcc(bytes_of(hc1(from_hex("d28440a0f640")))).error().code ==
          mrtd::ErrorCode::unsupported);
    CHECK(decode_dcc(bytes_of(hc1(from_hex("d18440a04040")))).error().code ==
          mrtd::ErrorCode::unsupported);
    CHECK(decode_dcc(bytes_of(hc1(from_hex("d28340a040")))).error().code ==
          mrtd::ErrorCode::malformed);
    // A protected header that is no map, claims that are no map.
    CHECK_FALSE(decode_dcc(bytes_of(hc1(from_hex("d2844101a0404040")))));
    CHECK_FALSE(decode_dcc(bytes_of(hc1(from_hex("d28440a0410140")))));
    // zlib header but broken deflate data.
    CHECK_FALSE(decode_dcc(bytes_of(hc1(from_hex("789c0700000000000000")))));
  }

  TEST_CASE("CBOR text that is not UTF-8 stays out of the report's text (fuzz finding)") {
    // iss "\xFF\xFE" and alg as the text "\xC3(": both were copied verbatim before and broke
    // the UTF-8 contract of Payload.
    Bytes protected_map;
    cbor::write_head(protected_map, 5, 1);
    cbor::write_head(protected_map, 0, 1);
    cbor::write_head(protected_map, 3, 2);
    protected_map.push_back(0xC3);
    protected_map.push_back(0x28);
    Bytes claims;
    cbor::write_head(claims, 5, 1);
    cbor::write_head(claims, 0, 1);
    cbor::write_head(claims, 3, 2);
    claims.push_back(0xFF);
    claims.push_back(0xFE);
    auto p = decode_dcc(bytes_of(hc1(cose_sign1(protected_map, {0xA0}, claims))));
    REQUIRE(p);
    CHECK(p->issuing_state.empty());
    CHECK(value(*p, "iss") == "FFFE");
    CHECK(value(*p, "alg") == "\"\\xC3(\"");
    bool iss_problem = false;
    for (const auto& problem : p->problems) {
      iss_problem = iss_problem || problem == "CWT claim iss is not valid UTF-8";
    }
    CHECK(iss_problem);
  }

  TEST_CASE("truncation at every length and random bytes never crash") {
    std::string source = hc1(cose_sign1({}, {0xA0}, claims_cbor()));
    std::ifstream in(k_dgc / "common/2DCode/raw/CO3.json");
    if (in) {
      source = nlohmann::json::parse(in).value("PREFIX", source);
    }
    for (std::size_t n = 0; n < source.size(); ++n) {
      (void)decode_dcc(bytes_of(source.substr(0, n)));
    }
    const Bytes cose = cose_sign1({}, {0xA0}, claims_cbor());
    for (std::size_t n = 0; n < cose.size(); ++n) {
      CHECK_FALSE(decode_dcc(
          bytes_of(hc1(Bytes(cose.begin(), cose.begin() + static_cast<std::ptrdiff_t>(n))))));
    }
    std::mt19937 rng(8152);
    for (int round = 0; round < 3000; ++round) {
      Bytes junk(rng() % 64);
      for (auto& b : junk) {
        b = static_cast<std::uint8_t>(rng());
      }
      if (round % 2 == 0 && junk.size() > 2) {
        junk[0] = 0xD2;
        junk[1] = 0x84;
      }
      (void)decode_dcc(bytes_of(hc1(junk)));
    }
  }
}
