#include "barcode/c40.hpp"
#include "barcode/vds.hpp"
#include "vds_samples.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

// The builder (round trips for every profile, rejected input) and decoding of hand-made
// seals: the real-world quirks of barcodes.md P5-P9 on a known base, and malformed input.

namespace {

using namespace mrtd::barcode;
using mrtd::test::arrival;
using mrtd::test::base;
using mrtd::test::f;
using mrtd::test::k_mrva_mrz;
using mrtd::test::k_mrvb_mrz;
using mrtd::test::k_td2_mrz;

Bytes unsigned_seal(const VdsBuild& b) {
  auto r = build_vds_unsigned(b);
  REQUIRE_MESSAGE(r.has_value(), r.error().message);
  return *r;
}

Bytes signed_seal(const VdsBuild& b) {
  return append_vds_signature(unsigned_seal(b), Bytes(64, 0xA5));
}

Payload decoded(const Bytes& seal) {
  auto r = decode_vds(seal);
  REQUIRE_MESSAGE(r.has_value(), r.error().message);
  return *r;
}

mrtd::Error failure(const Bytes& seal) {
  auto r = decode_vds(seal);
  REQUIRE_FALSE(r.has_value());
  return r.error();
}

bool any_contains(const std::vector<std::string>& sentences, std::string_view word) {
  return std::any_of(sentences.begin(), sentences.end(),
                     [&](const std::string& s) { return s.find(word) != std::string::npos; });
}

std::string header(const Payload& p, std::string_view name) {
  for (const Field& h : p.header) {
    if (h.name == name) {
      return h.value;
    }
  }
  return "<missing>";
}

Bytes tlv(std::uint8_t tag, const Bytes& value) {
  Bytes out{tag};
  if (value.size() >= 0x80) {
    out.push_back(0x81);
  }
  out.push_back(static_cast<std::uint8_t>(value.size()));
  out.insert(out.end(), value.begin(), value.end());
  return out;
}

Bytes concat(Bytes a, const Bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// Header of arrival(): everything before the first TLV.
Bytes arrival_header() {
  const Bytes seal = unsigned_seal(arrival());
  return Bytes(seal.begin(), seal.begin() + 18);
}

Bytes sign(Bytes seal) {
  return append_vds_signature(std::move(seal), Bytes(64, 0xA5));
}

} // namespace

TEST_SUITE("barcode::vds") {
  TEST_CASE("the builder round-trips every profile it lists") {
    const std::map<std::string, std::vector<VdsBuild>> samples = mrtd::test::vds_samples();
    const auto profiles = vds_profiles();
    CHECK(std::is_sorted(profiles.begin(), profiles.end()));
    CHECK(std::count(profiles.begin(), profiles.end(), "icao.visa") == 1);
    CHECK(std::count(profiles.begin(), profiles.end(), "bsi.tr03171") == 1);
    for (const std::string& profile : profiles) {
      CAPTURE(profile);
      REQUIRE_MESSAGE(samples.count(profile) == 1, "no round-trip sample");
      auto names = vds_profile_fields(profile);
      REQUIRE(names.has_value());
      for (const VdsBuild& b : samples.at(profile)) {
        for (const int version : {3, 4}) {
          VdsBuild v = b;
          v.version = b.reference.size() > 5 ? 4 : version;
          const Bytes seal = signed_seal(v);
          const Payload p = decoded(seal);
          CHECK(p.profile == profile);
          CHECK(p.quirks.empty());
          CHECK(p.problems.empty());
          CHECK(p.issuing_state == v.issuing_state);
          CHECK(header(p, "version") == std::to_string(v.version));
          CHECK(header(p, "signer_id") == v.signer_id);
          CHECK(header(p, "certificate_reference") ==
                (v.version == 3 ? std::string(5 - v.reference.size(), '0') + v.reference
                                : v.reference));
          CHECK(header(p, "issue_date") == "2020-01-01");
          CHECK(header(p, "signature_date") == "2023-08-21");
          REQUIRE(p.signature.has_value());
          CHECK(p.signature->signed_data == unsigned_seal(v));
          REQUIRE(p.fields.size() == v.fields.size());
          for (std::size_t i = 0; i < v.fields.size(); ++i) {
            CHECK(p.fields[i].name == v.fields[i].name);
            CHECK(p.fields[i].value == v.fields[i].value);
            const bool generic = p.fields[i].name.starts_with("tag_0x");
            CHECK((generic || std::count(names->begin(), names->end(), p.fields[i].name) == 1));
          }
        }
      }
    }
    // The padded MRV-A line 2 comes back as given; the seal holds 72 characters (48 bytes).
    const Payload mrva = decoded(signed_seal(samples.at("icao.visa")[1]));
    CHECK(mrva.mrz == k_mrva_mrz);
    CHECK(mrva.fields[1].tag == 1);
    CHECK(decoded(signed_seal(samples.at("icao.visa")[0])).fields[0].tag == 2);
  }

  TEST_CASE("the builder writes the header bytes of the notes and the corpus") {
    VdsBuild b = arrival();
    const Bytes seal = unsigned_seal(b);
    // DC 03, UTO = D9 C5, UTTS02 = D9 CA C8 A7, 5B = 3A 99, 2020-01-01 = 0F 71 34 (§1.3).
    const Bytes head{0xDC, 0x03, 0xD9, 0xC5, 0xD9, 0xCA, 0xC8, 0xA7, 0x3A, 0x99, 0x0F, 0x71, 0x34};
    CHECK(Bytes(seal.begin(), seal.begin() + 13) == head);
    CHECK(seal[16] == 0xFD);
    CHECK(seal[17] == 0x02);
    CHECK(seal[18] == 0x02); // MRZ tag, then 48 bytes
    CHECK(seal[19] == 48);
    b.version = 3;
    b.issuing_state = "D<<";
    b.signer_id = "DETS";
    b.reference = "27";
    const Bytes v3 = unsigned_seal(b);
    // vdstools arrivalAttestation: DC 02 6A BC + DETS00027 = 6D 32 C8 A5 19 FC.
    CHECK(Bytes(v3.begin(), v3.begin() + 10) ==
          Bytes{0xDC, 0x02, 0x6A, 0xBC, 0x6D, 0x32, 0xC8, 0xA5, 0x19, 0xFC});
    // P-521 r||s (132 bytes) takes a long-form DER length: FF 81 84.
    const Bytes big = append_vds_signature(seal, Bytes(132, 1));
    CHECK(big[seal.size()] == 0xFF);
    CHECK(big[seal.size() + 1] == 0x81);
    CHECK(big[seal.size() + 2] == 0x84);
    CHECK(decoded(big).signature->signature.size() == 132);
  }

  TEST_CASE("the builder rejects bad input and names the field") {
    auto rejects = [](const VdsBuild& b, std::string_view word) {
      auto r = build_vds_unsigned(b);
      REQUIRE_FALSE(r.has_value());
      CHECK(r.error().code == mrtd::ErrorCode::invalid_argument);
      CHECK_MESSAGE(r.error().message.find(word) != std::string::npos, r.error().message);
    };
    VdsBuild b = arrival();
    b.fields.push_back(f("colour", "red"));
    rejects(b, "colour");
    b = arrival();
    b.profile = "icao.passport";
    rejects(b, "icao.passport");
    b = arrival();
    b.version = 5;
    rejects(b, "version");
    for (const char* state : {"D", "DEUT", "d<<", "D-<"}) {
      b = arrival();
      b.issuing_state = state;
      rejects(b, "issuing_state");
    }
    for (const char* signer : {"UTT", "UT-S", "UTTSX"}) {
      b = arrival();
      b.signer_id = signer;
      rejects(b, "signer_id");
    }
    for (const char* ref : {"", "5G", "5 B"}) {
      b = arrival();
      b.reference = ref;
      rejects(b, "reference");
    }
    b = arrival();
    b.version = 3;
    b.reference = "123456";
    rejects(b, "reference");
    b = arrival();
    b.signing_date = {2023, 2, 30};
    rejects(b, "signing_date");
    b = arrival();
    b.fields.pop_back();
    rejects(b, "azr_number"); // mandatory
    b = arrival();
    b.fields.push_back(f("azr_number", "ABC123456DEF"));
    rejects(b, "azr_number"); // twice
    b = arrival();
    b.fields[1].value = "ABC123456DEF123"; // 10 bytes, the profile wants 8
    rejects(b, "azr_number");
    b = arrival();
    b.fields[1].value = "ABC-23456DEF";
    rejects(b, "azr_number");
    b = arrival();
    b.fields[0].value = k_td2_mrz.substr(0, 36); // one line
    rejects(b, "mrz");
    b = arrival();
    b.fields[0].value = k_mrva_mrz; // 44-character lines do not fit a TD2-size MRZ
    rejects(b, "mrz");
    b = arrival();
    b.fields.push_back(f("tag_0x03", "00"));
    rejects(b, "azr_number"); // a generic name for a tag the profile names
    b = base("icao.visa", {f("mrz", k_mrvb_mrz), f("mrz", k_mrva_mrz),
                           f("duration_of_stay", "1 days, 0 months, 0 years"),
                           f("passport_number", "ABC424242")});
    rejects(b, "mrz"); // both MRZs
    b.fields.erase(b.fields.begin(), b.fields.begin() + 2);
    rejects(b, "mrz"); // no MRZ
    for (const char* duration : {"90 days", "90 days, 0 months, 0 years, 1",
                                 "x days, 0 months, "
                                 "0 years",
                                 "256 days, 0 months, 0 years"}) {
      b = base("icao.visa", {f("mrz", k_mrvb_mrz), f("duration_of_stay", duration),
                             f("passport_number", "ABC424242")});
      rejects(b, "duration_of_stay");
    }
    b = base("icao.visa", {f("mrz", k_mrvb_mrz), f("duration_of_stay", "1 days, 0 months, 0 years"),
                           f("passport_number", "ABC424242"), f("visa_type", "ABC")});
    rejects(b, "visa_type"); // odd hex
    b.fields.back().value = "0102030405";
    rejects(b, "visa_type"); // 5 bytes, at most 4
    b = base("unknown", {f("tag_0x01", "00")});
    rejects(b, "document type"); // unknown needs one
    b.document_type = 0x5D01;
    rejects(b, "icao.visa"); // and not a listed one
    b = arrival();
    b.document_type = 0x5D01;
    rejects(b, "document type");
    b = base("kurz.vehicle_vignette", {f("expiry_date", "2024-02-30"), f("license_plate", "A"),
                                       f("car_model", "B"), f("car_color", "C"), f("owner", "D")});
    rejects(b, "expiry_date");
    b = base("kurz.mali_wsl", {f("unique_code", "Q"), f("serial_number", "1"), f("type", "V"),
                               f("charge", "9000"), f("year", "65536")});
    rejects(b, "year");
    b = base("bsi.social_insurance_card", {f("social_insurance_number", "65170839J003"),
                                           f("surname", "\xC3"), f("first_name", "O")});
    rejects(b, "surname"); // not UTF-8
    CHECK_FALSE(vds_profile_fields("icao.passport").has_value());
    CHECK(*vds_profile_fields("icao.visa") ==
          std::vector<std::string>{"mrz", "number_of_entries", "duration_of_stay",
                                   "passport_number", "visa_type", "additional_feature"});
    const auto tr03171 = *vds_profile_fields("bsi.tr03171");
    CHECK(std::count(tr03171.begin(), tr03171.end(), "status_index") == 1);   // v0.9
    CHECK(std::count(tr03171.begin(), tr03171.end(), "validity_dates") == 1); // v0.8
    CHECK(std::count(tr03171.begin(), tr03171.end(), "moving_date") == 1);    // its UUID profile
    CHECK(vds_profile_fields("unknown")->empty());
  }

  TEST_CASE("malformed seals are errors with an offset, never a crash") {
    const Bytes seal = signed_seal(arrival());
    CHECK(failure({}).code == mrtd::ErrorCode::malformed);
    CHECK(failure({0xDC}).code == mrtd::ErrorCode::malformed);
    CHECK(failure({0xDD, 0x03}).offset == 0);
    const auto v4 = failure({0xDC, 0x04, 0xD9, 0xC5});
    CHECK(v4.code == mrtd::ErrorCode::unsupported);
    CHECK(v4.offset == 1);
    CHECK(failure(Bytes(64 * 1024 + 1, 0xDC)).code == mrtd::ErrorCode::limit_exceeded);

    Bytes trailing = seal;
    trailing.push_back(0x00);
    CHECK(failure(trailing).message.find("follow the signature") != std::string::npos);
    for (const int delta : {-1, +1}) {
      Bytes wrong = seal;
      wrong[wrong.size() - 65] = static_cast<std::uint8_t>(64 + delta); // the FF length byte
      CHECK(failure(wrong).code == mrtd::ErrorCode::malformed);
    }
    CHECK(failure(concat(unsigned_seal(arrival()), {0xFF, 0x00})).message.find("empty") !=
          std::string::npos);
    // BER lengths: 0x83 and longer and the indefinite 0x80 are rejected where the length
    // starts; a length beyond the end where its tag is.
    const Bytes body = unsigned_seal(arrival());
    const std::vector<std::pair<Bytes, std::size_t>> bad_lengths = {
        {{0x07, 0x83, 0x00, 0x00, 0x01, 0xAA}, 1},
        {{0x07, 0x84, 0x00, 0x00, 0x00, 0x01, 0xAA}, 1},
        {{0x07, 0x80, 0xAA, 0x00, 0x00}, 1},
        {{0x07, 0x82, 0xFF, 0xFF}, 0}};
    for (const auto& [bad, at] : bad_lengths) {
      const auto error = failure(sign(concat(body, bad)));
      CHECK(error.code == mrtd::ErrorCode::malformed);
      CHECK(error.offset == static_cast<std::ptrdiff_t>(body.size() + at));
    }
    // A calendar-invalid issue date (month 13: 13012020 = C6 8F A4) is reported where it is.
    Bytes bad_date = seal;
    bad_date[10] = 0xC6;
    bad_date[11] = 0x8F;
    bad_date[12] = 0xA4;
    const auto date_error = failure(bad_date);
    CHECK(date_error.offset == 10);
    CHECK(date_error.message.find("issue date") != std::string::npos);
    // Truncated at every length: an error, or an unsigned seal cut at a feature boundary.
    for (std::size_t n = 0; n < seal.size(); ++n) {
      auto r = decode_vds(ByteView(seal.data(), n));
      const bool boundary = n == 18 || n == 18 + 2 + 48 || n == 18 + 2 + 48 + 2 + 8;
      CHECK_MESSAGE(r.has_value() == boundary, n);
    }
  }

  TEST_CASE("long BER lengths 0x81 and 0x82 decode") {
    VdsBuild b = base("unknown", {f("tag_0x10", std::string(2 * 200, 'C')),
                                  f("tag_0x11", std::string(2 * 300, 'D'))});
    b.document_type = 0x1234;
    const Bytes seal = signed_seal(b);
    CHECK(seal[18] == 0x10);
    CHECK(seal[19] == 0x81);
    CHECK(seal[20] == 200);
    CHECK(seal[21 + 200 + 1] == 0x82);
    const Payload p = decoded(seal);
    CHECK(p.profile == "unknown");
    CHECK(header(p, "document_type") == "1234");
    CHECK(p.fields[1].value == std::string(600, 'D'));
  }

  TEST_CASE("real-world header and length deviations are accepted only when signed") {
    const Bytes strict = unsigned_seal(arrival());
    SUBCASE("v3 layout under version byte 0x03 (P5)") {
      // As kurzdigital visa_icao: read as v4, `DE01FF` gives a reference of 255 characters.
      VdsBuild b = arrival();
      b.version = 3;
      b.reference = "FFAFF";
      Bytes seal = unsigned_seal(b);
      seal[1] = 0x03;
      const Payload p = decoded(sign(seal));
      CHECK(header(p, "version") == "3");
      CHECK(header(p, "certificate_reference") == "FFAFF");
      REQUIRE(p.quirks.size() == 1);
      CHECK(p.quirks[0].find("0x03") != std::string::npos);
      CHECK(p.signature->signed_data == seal);
      const auto unsigned_error = failure(seal); // unsigned: not accepted
      CHECK(unsigned_error.code == mrtd::ErrorCode::malformed);
      // The strict reading's error is reported: v4 reads `FF` as a 255-character reference.
      CHECK(unsigned_error.message.find("truncated in the certificate reference") !=
            std::string::npos);
    }
    SUBCASE("v4 layout under version byte 0x02") {
      Bytes seal = strict;
      seal[1] = 0x02;
      const Payload p = decoded(sign(seal));
      CHECK(header(p, "version") == "4");
      CHECK(any_contains(p.quirks, "v4 layout"));
      CHECK(failure(seal).code == mrtd::ErrorCode::malformed);
    }
    SUBCASE("version bytes 0x00 and 0x01 (P6)") {
      for (const std::uint8_t version : {std::uint8_t{0x00}, std::uint8_t{0x01}}) {
        Bytes seal = strict;
        seal[1] = version;
        const Payload p = decoded(sign(seal));
        CHECK(header(p, "version") == "4");
        CHECK(any_contains(p.quirks, version == 0 ? "0x00" : "0x01"));
        CHECK(p.fields.size() == 2);
        CHECK(failure(seal).code == mrtd::ErrorCode::malformed);
      }
    }
    SUBCASE("issuing state as the single character D (P6)") {
      VdsBuild b = arrival();
      b.issuing_state = "D<<";
      Bytes seal = unsigned_seal(b);
      seal[2] = 0xFE;
      seal[3] = 0x45;
      const Payload p = decoded(sign(seal));
      CHECK(p.issuing_state == "D<<");
      CHECK(any_contains(p.quirks, "'D'"));
    }
    SUBCASE("v4 reference length 0 followed by a reference (P5)") {
      // Header as in vdstools ankunftsnwPapier2: DEME00 + 008.
      Bytes seal = strict;
      const Bytes ids = *c40_encode("UTTS00");
      const Bytes ref = *c40_encode("05B");
      std::copy(ids.begin(), ids.end(), seal.begin() + 4);
      std::copy(ref.begin(), ref.end(), seal.begin() + 8);
      const Payload p = decoded(sign(seal));
      CHECK(header(p, "certificate_reference") == "05B");
      CHECK(any_contains(p.quirks, "length is 0"));
      CHECK(failure(seal).code == mrtd::ErrorCode::malformed);
    }
    SUBCASE("signer DEZV: decimal length, or a hexadecimal one as a quirk (P7)") {
      VdsBuild b = arrival();
      b.signer_id = "DEZV";
      b.reference = "00112233445566778899AABBCCDDEEFF00112233";
      Bytes seal = unsigned_seal(b);
      CHECK(*c40_decode(ByteView(seal).subspan(4, 4)) == "DEZV40");
      Payload p = decoded(sign(seal));
      CHECK(p.quirks.empty());
      CHECK(p.signature->reference_kind == ReferenceKind::sha1_hex);
      const Bytes hex_length = *c40_encode("DEZV28"); // 0x28 = 40
      std::copy(hex_length.begin(), hex_length.end(), seal.begin() + 4);
      p = decoded(sign(seal));
      CHECK(header(p, "certificate_reference") == b.reference);
      CHECK(any_contains(p.quirks, "hexadecimal"));
    }
    SUBCASE("single-byte feature lengths of 128 and more (P9)") {
      const Bytes seal =
          concat(arrival_header(),
                 concat(tlv(0x02, *c40_encode(k_td2_mrz.substr(0, 36) + k_td2_mrz.substr(37))),
                        {0x03, 0x80}));
      Bytes kurz = concat(seal, Bytes(128, 0x41));
      const Payload p = decoded(sign(kurz));
      CHECK(any_contains(p.quirks, "0x80"));
      REQUIRE(p.fields.size() == 2);
      CHECK(p.fields[1].name == "azr_number");
      CHECK(p.fields[1].value.size() == 128 / 2 * 3); // C40, 64 pairs
      CHECK(any_contains(p.problems, "128 bytes"));
      CHECK(failure(kurz).code == mrtd::ErrorCode::malformed);
    }
  }

  TEST_CASE("profile breaches are problems, not errors") {
    const Bytes head = arrival_header();
    const Bytes mrz = tlv(0x02, *c40_encode(k_td2_mrz.substr(0, 36) + k_td2_mrz.substr(37)));
    Payload p = decoded(sign(concat(head, mrz))); // no AZR number
    CHECK(p.problems.size() == 1);
    CHECK(any_contains(p.problems, "azr_number"));
    p = decoded(sign(concat(concat(head, mrz), tlv(0x03, *c40_encode("ABC123")))));
    CHECK(any_contains(p.problems, "4 bytes"));
    p = decoded(sign(concat(concat(head, mrz),
                            concat(tlv(0x03, *c40_encode("ABC123456DEF")), tlv(0x09, {0x01})))));
    CHECK(any_contains(p.problems, "feature 9 is not defined"));
    CHECK(p.fields.back().name == "tag_0x09");
    p = decoded(sign(concat(concat(head, mrz), concat(tlv(0x03, {0xFF, 0xFF, 0, 1, 0, 1, 0, 1}),
                                                      tlv(0x03, *c40_encode("ABC123456DEF"))))));
    CHECK(any_contains(p.problems, "not valid C40"));
    CHECK(any_contains(p.problems, "more than once"));
    CHECK(p.fields[1].kind == Field::Kind::hex);
    CHECK(p.fields[1].value == "FFFF000100010001");
    VdsBuild visa =
        base("icao.visa", {f("mrz", k_mrvb_mrz), f("duration_of_stay", "1 days, 0 months, 0 years"),
                           f("passport_number", "ABC424242")});
    Bytes no_mrz = unsigned_seal(visa);
    no_mrz.erase(no_mrz.begin() + 18, no_mrz.begin() + 18 + 2 + 44);
    p = decoded(sign(no_mrz));
    CHECK(any_contains(p.problems, "no MRZ"));
    CHECK_FALSE(p.mrz.has_value());
  }

  TEST_CASE("random and mutated bytes never crash the decoder") {
    std::mt19937 engine(20240901); // raw engine output only
    const Bytes seal = signed_seal(arrival());
    std::size_t decoded_count = 0;
    for (int round = 0; round < 3000; ++round) {
      Bytes input;
      if (round % 2 == 0) {
        input = seal;
        const std::size_t at = engine() % input.size();
        input[at] = static_cast<std::uint8_t>(engine());
      } else {
        input.assign(engine() % 120, 0);
        for (auto& b : input) {
          b = static_cast<std::uint8_t>(engine());
        }
        if (!input.empty()) {
          input[0] = 0xDC;
        }
        if (input.size() > 1) {
          input[1] = static_cast<std::uint8_t>(engine() % 4);
        }
      }
      auto r = decode_vds(input);
      if (r && r->signature) {
        ++decoded_count;
        const Bytes& signed_data = r->signature->signed_data;
        CHECK(std::equal(signed_data.begin(), signed_data.end(), input.begin()));
        CHECK(input[signed_data.size()] == 0xFF);
      } else if (!r) {
        CHECK(r.error().offset >= 0);
        CHECK_FALSE(r.error().message.empty());
      }
    }
    CHECK(decoded_count > 100); // mutations inside feature values still decode
  }
}
