#include "barcode/base32.hpp"
#include "barcode/idb.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>

using namespace mrtd::barcode;

namespace {

const std::filesystem::path k_idb_dir = std::filesystem::path(MRTD_SOURCE_DIR) / ".." / "shared" /
                                        "corpus" / "barcodes" / "vdstools" / "idb";

// A corpus IDB string without its trailing newline; empty when the corpus is absent.
std::string corpus_text(const char* name) {
  std::ifstream in(k_idb_dir / name, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
    text.pop_back();
  }
  return text;
}

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

const Field* field(const Payload& p, std::string_view name) {
  for (const Field& f : p.fields) {
    if (f.name == name) {
      return &f;
    }
  }
  return nullptr;
}

const Field* header(const Payload& p, std::string_view name) {
  for (const Field& f : p.header) {
    if (f.name == name) {
      return &f;
    }
  }
  return nullptr;
}

// The decoded, decompressed payload of the signed test vectors (vdstools IdbSealCommonTest).
constexpr std::string_view k_vector_payload =
    "6abc010504030201009b5d8861120410b0b1b2b3b4b5b6b7b8b9babbbcbdbebf7f3824bbbb332f562a94f487db623b"
    "8db55c4a65b9cf532a959843a6a34e117f56343a94d5e187f28262943d84579af46d44804cf6328fa523c7";

} // namespace

TEST_SUITE("barcode::idb") {
  TEST_CASE("the four flag variants of the vdstools vectors decode to the same content") {
    const std::string names[] = {"vector_signed_unzipped.txt", "vector_signed_zipped.txt",
                                 "vector_unsigned_unzipped.txt", "vector_unsigned_zipped.txt"};
    if (corpus_text(names[0].c_str()).empty()) {
      MESSAGE("IDB corpus not found under " << k_idb_dir.string() << ": skipped");
      return;
    }
    for (const auto& name : names) {
      CAPTURE(name);
      const std::string text = corpus_text(name.c_str());
      auto p = decode_idb(bytes_of(text));
      REQUIRE(p);
      CHECK(p->kind == PayloadKind::idb);
      CHECK(p->issuing_state == "D<<");
      REQUIRE(p->fields.size() == 1);
      CHECK(p->fields[0].value == "B0B1B2B3B4B5B6B7B8B9BABBBCBDBEBF");
      CHECK(p->fields[0].kind == Field::Kind::hex);
      const bool is_signed = name.find("unsigned") == std::string::npos;
      CHECK(p->signature.has_value() == is_signed);
      CHECK(p->problems.empty());
      if (is_signed) {
        // README: message type 0x04 (proof of vaccination), signature date 2024-10-18.
        CHECK(p->fields[0].name == "proof_of_vaccination");
        const Bytes payload = from_hex(k_vector_payload);
        // signed data = header (12 bytes) || the complete 0x61 TLV (2 + 18 bytes).
        CHECK(p->signature->signed_data == Bytes(payload.begin(), payload.begin() + 32));
        CHECK(p->signature->signature == Bytes(payload.begin() + 34, payload.end()));
        CHECK(p->signature->signature.size() == 56);
        CHECK(p->signature->algorithm == SignatureAlgorithm::ecdsa_sha256);
        CHECK(p->signature->reference == "0504030201");
        CHECK(p->signature->reference_kind == ReferenceKind::sha1_tail5);
        CHECK(p->signature->signing_date == mrtd::CivilDate{2024, 10, 18});
        CHECK_FALSE(p->signature->certificate.has_value());
      } else {
        CHECK(p->fields[0].name == "proof_of_recovery");
      }
    }
  }

  TEST_CASE("the named vdstools documents decode as vdstools' own tests expect") {
    const std::string temporary = corpus_text("TemporaryPassport.txt");
    if (temporary.empty()) {
      MESSAGE("IDB corpus not found: skipped");
      return;
    }
    SUBCASE("TemporaryPassport: TD3 MRZ, expiry date, face image") {
      auto p = decode_idb(bytes_of(temporary));
      REQUIRE(p);
      REQUIRE(p->fields.size() == 4);
      CHECK(field(*p, "mrz_td3")->value == "PPD<<FOLKS<<TALLULAH<<<<<<<<<<<<<<<<<<<<<<<<"
                                           "\n3113883489D<<9709155F1601013<<<<<<<<<<<<<<04");
      CHECK(p->mrz == field(*p, "mrz_td3")->value);
      CHECK(field(*p, "expiry_date")->value == "2027-01-31");
      CHECK(field(*p, "national_document_identifier")->value == "6");
      CHECK(field(*p, "face_image")->value.size() == 2 * 998);
      CHECK(field(*p, "face_image")->tag == 0x80);
      CHECK(header(*p, "signature_date")->value == "2025-02-11");
    }
    SUBCASE("SubstituteIdentityDocument: TD2 MRZ under the German tag 0x81") {
      auto p = decode_idb(bytes_of(corpus_text("SubstituteIdentityDocument.txt")));
      REQUIRE(p);
      CHECK(field(*p, "mrz_td2")->value ==
            "AID<<KOEPPENIK<<JONATHAN<GERALD<<<<<\n2L1T3QPB04D<<8506210M2604239<<<<<<<8");
      CHECK(field(*p, "expiry_date")->value == "2026-04-23");
      CHECK(field(*p, "national_document_identifier")->value == "1");
      CHECK(p->signature->signing_date == mrtd::CivilDate{2025, 2, 7});
    }
    SUBCASE("EmergencyTravelDocument: the MRZ inside the ETD container") {
      auto p = decode_idb(bytes_of(corpus_text("EmergencyTravelDocument.txt")));
      REQUIRE(p);
      CHECK(field(*p, "etd.mrz")->value ==
            "PUD<<KOEPPENIK<<JONATHAN<GERALD<<<<<\n2L1T3QPB04D<<8506210M2604239<<<<<<<8");
      CHECK(field(*p, "etd.mrz")->tag == 0x02);
      CHECK(field(*p, "national_document_identifier")->value == "2");
    }
    SUBCASE("ArrivalAttestation, ProvisionalResidence, CertifyingPermanentResidence") {
      auto a = decode_idb(bytes_of(corpus_text("ArrivalAttestation.txt")));
      REQUIRE(a);
      CHECK(field(*a, "mrz_td2")->value ==
            "AUD<<MANNSENS<<MANNY<<<<<<<<<<<<<<<<\n6525845096USA7008038M2201018<<<<<<06");
      CHECK(field(*a, "azr")->value == "ABC123456DEF");
      CHECK(field(*a, "national_document_identifier")->value == "13");
      auto r = decode_idb(bytes_of(corpus_text("ProvisionalResidenceDocument.txt")));
      REQUIRE(r);
      CHECK(field(*r, "mrz_td2")->value ==
            "ABD<<RESIDORCE<<ROLAND<<<<<<<<<<<<<<\n6525845096USA7008038M2201018T2506012");
      CHECK(field(*r, "document_reference")->value == "123456789");
      CHECK(field(*r, "national_document_identifier")->value == "14");
      auto c = decode_idb(bytes_of(corpus_text("CertifyingPermanentResidence.txt")));
      REQUIRE(c);
      CHECK(c->fields.size() == 3);
      CHECK_FALSE(c->mrz.has_value());
      CHECK(field(*c, "azr")->value == "ABC123456DEF");
      CHECK(field(*c, "national_document_identifier")->value == "16");
    }
    SUBCASE("FrontierWorkerPermit and SupplementarySheet: TD1 MRZ in three lines") {
      auto f = decode_idb(bytes_of(corpus_text("FrontierWorkerPermit.txt")));
      REQUIRE(f);
      CHECK(field(*f, "document_reference")->value == "ABCDEFGHI");
      CHECK(field(*f, "national_document_identifier")->value == "17");
      auto s = decode_idb(bytes_of(corpus_text("SupplementarySheetResidencePermit.txt")));
      REQUIRE(s);
      CHECK(field(*s, "mrz_td1")->value == "AZD<<5W1ETCGE25<<<<<<<<<<<<<<<\n"
                                           "8703123F2908258CHL<<<<<<<<<<<4\n"
                                           "BORIC<<BRYAN<<<<<<<<<<<<<<<<<<");
      CHECK(field(*s, "document_reference")->value == "5W1ETCGE2");
      CHECK(field(*s, "document_number")->value == "ABCDEFGHI");
      CHECK(field(*s, "national_document_identifier")->value == "18");
    }
    SUBCASE("Visa: the container's features, in their order 3, 4, 5, 1") {
      auto v = decode_idb(bytes_of(corpus_text("Visa.txt")));
      REQUIRE(v);
      REQUIRE(v->fields.size() == 4);
      CHECK(v->fields[0].name == "visa.number_of_entries");
      CHECK(v->fields[0].value == "1");
      CHECK(v->fields[1].name == "visa.duration_of_stay");
      CHECK(v->fields[2].name == "visa.passport_number");
      CHECK(v->fields[3].name == "visa.mrz_mrva");
      CHECK(v->fields[3].value.size() == 88 + 1); // 2 x 44 and the newline
      // Cross-checked with an independent C40 decoder: the sample carries a passport-style MRZ
      // (document code P) in the MRV-A slot, and a 10-character passport number.
      CHECK(v->fields[3].value.substr(0, 20) == "P<D<<GARCIA<<EVELYN<");
      CHECK(v->fields[2].value == "C000000736");
      CHECK(v->fields[1].value == "90");
      CHECK(v->fields[1].kind == Field::Kind::hex);
      CHECK(header(*v, "signature_date")->value == "2026-03-24");
    }
  }

  TEST_CASE("every named corpus document: header, reference, signed data = header || 0x61 TLV") {
    const char* names[] = {"ArrivalAttestation.txt",
                           "CertifyingPermanentResidence.txt",
                           "EmergencyTravelDocument.txt",
                           "FrontierWorkerPermit.txt",
                           "ProvisionalResidenceDocument.txt",
                           "SubstituteIdentityDocument.txt",
                           "SupplementarySheetResidencePermit.txt",
                           "TemporaryPassport.txt",
                           "Visa.txt"};
    for (const char* name : names) {
      CAPTURE(name);
      const std::string text = corpus_text(name);
      if (text.empty()) {
        MESSAGE("IDB corpus not found: skipped");
        return;
      }
      auto p = decode_idb(bytes_of(text));
      REQUIRE(p);
      CHECK(text.substr(0, 5) == "RDB1B");
      CHECK(p->problems.empty());
      CHECK(p->quirks.empty());
      CHECK(p->issuing_state == "D<<");
      REQUIRE(p->signature);
      const SignatureInfo& s = *p->signature;
      CHECK(s.reference == "A57A790577"); // last 5 bytes of SHA-1(UTTS5B.der), README
      CHECK(s.algorithm == SignatureAlgorithm::ecdsa_sha256);
      CHECK(s.signature.size() == 64);
      // Independent check of the signed data: the raw payload minus the trailing 0x7F TLV
      // (tag, length 0x40, 64 bytes) is exactly header || message group.
      auto raw = base32_decode(std::string_view(text).substr(5));
      REQUIRE(raw);
      REQUIRE(raw->size() > 66);
      CHECK(Bytes(raw->begin(), raw->end() - 66) == s.signed_data);
      CHECK((*raw)[raw->size() - 66] == 0x7F);
      CHECK(s.signed_data[12] == 0x61);
    }
  }

  TEST_CASE("NDB1, the 0-based algorithm byte and masked dates") {
    // vdstools IcaoBarcodeCommonTest: the unsigned vector under the old NDB1 identifier.
    auto p = decode_idb(bytes_of("NDB1ANK6GCEQFCCYLDMVTWS23NN5YXG5LXPF5X27Q"));
    REQUIRE(p);
    REQUIRE(p->quirks.size() == 1);
    CHECK(p->quirks[0].find("NDB1") != std::string::npos);
    CHECK(p->fields.at(0).value == "B0B1B2B3B4B5B6B7B8B9BABBBCBDBEBF");

    // Header 6ABC, alg 0x00, reference, masked date 0xC0 (both month digits unknown) 2024-xx-18.
    Bytes raw = from_hex("6abc000504030201c09b5d8861030901057f020102");
    auto q = decode_idb(bytes_of("RDB1B" + base32_encode(raw)));
    REQUIRE(q);
    CHECK(q->signature->algorithm == SignatureAlgorithm::ecdsa_sha256);
    CHECK(q->quirks.size() == 1);
    CHECK(header(*q, "signature_date")->value == "2024-xx-18");
    CHECK_FALSE(q->signature->signing_date.has_value());
    // A one-byte CAN is not C40: kept as hex, with a problem.
    CHECK(field(*q, "can")->value == "05");
    CHECK(field(*q, "can")->kind == Field::Kind::hex);
    CHECK(q->problems.size() == 2); // the CAN, and the incomplete signing date
  }

  TEST_CASE("damaged input is an error or a problem, never a crash") {
    CHECK(decode_idb(bytes_of("RDB1")).error().code == mrtd::ErrorCode::malformed);
    CHECK(decode_idb(bytes_of("RDB1E")).error().offset == 4);
    CHECK(decode_idb(bytes_of("XDB1ANK6G")).error().code == mrtd::ErrorCode::malformed);
    CHECK(decode_idb(bytes_of("RDB1Ank6g")).error().offset == 5);
    // Compressed flag over data that is not a zlib stream.
    CHECK_FALSE(decode_idb(bytes_of("RDB1CNK6GCEQFCCYLDMVTWS23NN5YXG5LXPF5X27Q")));
    // No message group: header then a signature TLV.
    CHECK_FALSE(decode_idb(bytes_of("RDB1A" + base32_encode(from_hex("6abc7f020102")))));
    // Unknown algorithm byte: decoded, but no signature and a problem.
    auto u = decode_idb(
        bytes_of("RDB1B" + base32_encode(from_hex("6abc090504030201009b5d886103090105"))));
    REQUIRE(u);
    CHECK_FALSE(u->signature.has_value());
    CHECK(u->problems.size() >= 2); // unknown algorithm, missing signature

    const std::string text = corpus_text("vector_signed_zipped.txt");
    const std::string source = text.empty() ? "RDB1ANK6GCEQFCCYLDMVTWS23NN5YXG5LXPF5X27Q" : text;
    for (std::size_t n = 0; n < source.size(); ++n) {
      (void)decode_idb(bytes_of(source.substr(0, n)));
    }
    // Truncating the decompressed payload at every length: an error or a decoded prefix.
    const Bytes payload = from_hex(k_vector_payload);
    for (std::size_t n = 0; n < payload.size(); ++n) {
      auto r = decode_idb(bytes_of("RDB1B" + base32_encode(ByteView(payload).first(n))));
      CHECK((!r || !r->problems.empty()));
    }
    std::mt19937 rng(9303);
    for (int round = 0; round < 2000; ++round) {
      Bytes junk(rng() % 80);
      for (auto& b : junk) {
        b = static_cast<std::uint8_t>(rng());
      }
      if (round % 2 == 0 && junk.size() > 2) {
        junk[0] = 0x6A;
        junk[1] = 0xBC;
      }
      (void)decode_idb(
          bytes_of(std::string(round % 4 < 2 ? "RDB1B" : "RDB1D") + base32_encode(junk)));
    }
  }

  TEST_CASE("builder: the vdstools vectors are reproduced byte for byte") {
    IdbBuild b;
    b.country = "D<<";
    b.compress = false;
    b.messages = {{"proof_of_recovery", "B0B1B2B3B4B5B6B7B8B9BABBBCBDBEBF", Field::Kind::hex, 5}};
    auto plain = idb_unsigned(b);
    REQUIRE(plain);
    CHECK(*plain == "RDB1ANK6GCEQFCCYLDMVTWS23NN5YXG5LXPF5X27Q");

    b.messages[0] = {"proof_of_vaccination", "B0B1B2B3B4B5B6B7B8B9BABBBCBDBEBF", Field::Kind::hex,
                     4};
    b.algorithm = SignatureAlgorithm::ecdsa_sha256;
    b.certificate_reference = from_hex("0504030201");
    b.signing_date = {2024, 10, 18};
    const Bytes payload = from_hex(k_vector_payload);
    auto signed_data = idb_signed_data(b);
    REQUIRE(signed_data);
    CHECK(*signed_data == Bytes(payload.begin(), payload.begin() + 32));
    auto text = idb_finish(b, ByteView(payload).subspan(34));
    REQUIRE(text);
    CHECK(*text ==
          "RDB1BNK6ACBIEAMBACAE3LWEGCEQECCYLDMVTWS23NN5YXG5LXPF5X27X6OBEXO5TGL2WFKKPJB63MI5Y3NK4J"
          "JS3TT2TFKKZQQ5GUNHBC72WGQ5JJVPBQ7ZIEYUUHWCFPGXUNVCIATHWGKH2KI6H");
  }

  TEST_CASE("builder round trip: decode(finish(build)) gives the fields back") {
    IdbBuild b;
    b.country = "UTO";
    b.algorithm = SignatureAlgorithm::ecdsa_sha384;
    b.certificate_reference = from_hex("a57a790577");
    b.signing_date = {2025, 12, 7};
    b.embed_certificate = from_hex("3082000a0102030405060708090a");
    // vdstools IdbMessageGroupCommonTest: a CAN and a TD1 MRZ.
    b.messages = {
        {"can", "654321", Field::Kind::text, 0x09},
        {"mrz_td1",
         "I<URYEWCVECOXY8<<<<<<<<<<<<<<<\n7206122M2811062URY<<<<<<<<<<<8\nBUCKLEY<<WINIFRED<<<<<<<<"
         "<<<<<",
         Field::Kind::text, 0x07},
        {"visa.number_of_entries", "12", Field::Kind::text, 0x03},
        {"visa.passport_number", "47110815P", Field::Kind::text, 0x05},
        {"visa.mrz_mrvb",
         "VCD<<DENT<<ARTHUR<PHILIP<<<<<<<<<<<<\n1234567XY7GBR5203116M2005250<<<<<<<<",
         Field::Kind::text, 0x02},
        {"proof_of_testing", "0102", Field::Kind::hex, 0x03},
        {"message", "CAFE", Field::Kind::hex, 0x33},
    };
    const Bytes rs(96, 0x5A);
    for (const bool compress : {true, false}) {
      b.compress = compress;
      auto text = idb_finish(b, rs);
      REQUIRE(text);
      CHECK(text->substr(0, 5) == (compress ? "RDB1D" : "RDB1B"));
      auto p = decode_idb(bytes_of(*text));
      REQUIRE(p);
      CHECK(p->issuing_state == "UTO");
      CHECK(p->problems.empty());
      REQUIRE(p->fields.size() == b.messages.size());
      for (std::size_t i = 0; i < b.messages.size(); ++i) {
        CAPTURE(b.messages[i].name);
        CHECK(p->fields[i].name == b.messages[i].name);
        CHECK(p->fields[i].value == b.messages[i].value);
        CHECK(p->fields[i].kind == b.messages[i].kind);
        CHECK(p->fields[i].tag == b.messages[i].tag);
      }
      REQUIRE(p->signature);
      CHECK(p->signature->signed_data == *idb_signed_data(b));
      CHECK(p->signature->signature == rs);
      CHECK(p->signature->certificate == b.embed_certificate);
      CHECK(p->signature->algorithm == SignatureAlgorithm::ecdsa_sha384);
      CHECK(p->signature->reference == "A57A790577");
      CHECK(p->signature->signing_date == mrtd::CivilDate{2025, 12, 7});
    }
    b.messages = {{"expiry_date", "19xx-10-xx", Field::Kind::text, std::nullopt}};
    b.country = "D<<";
    auto dated = decode_idb(bytes_of(*idb_unsigned(b)));
    REQUIRE(dated);
    CHECK(dated->fields.at(0).value == "19xx-10-xx");
  }

  TEST_CASE("builder arguments are checked") {
    IdbBuild b;
    b.country = "D<<";
    b.certificate_reference = from_hex("0102030405");
    b.messages = {{"can", "123456", Field::Kind::text, std::nullopt}};
    CHECK(idb_signed_data(b));
    IdbBuild bad = b;
    bad.country = "DEUX";
    CHECK(idb_signed_data(bad).error().code == mrtd::ErrorCode::invalid_argument);
    bad = b;
    bad.certificate_reference.pop_back();
    CHECK_FALSE(idb_signed_data(bad));
    bad = b;
    bad.algorithm = SignatureAlgorithm::rsassa_pss_sha256;
    CHECK_FALSE(idb_signed_data(bad));
    bad = b;
    bad.messages = {{"can", "12#456", Field::Kind::text, std::nullopt}};
    CHECK_FALSE(idb_signed_data(bad));
    bad.messages = {{"no_such_message", "00", Field::Kind::hex, std::nullopt}};
    CHECK_FALSE(idb_signed_data(bad));
    bad.messages = {{"face_image", "0G", Field::Kind::hex, std::nullopt}};
    CHECK_FALSE(idb_signed_data(bad));
    CHECK_FALSE(idb_finish(b, Bytes{1, 2, 3}));
  }
}
