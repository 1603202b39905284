// seal::verify() on seals made here with specimen signers: every format and curve verifies, and
// every seal check fails or skips when its rule is broken (one case each).

#include "seal_fixture.hpp"

#include <algorithm>

using namespace mrtd;
using namespace mrtd::sealtest;

namespace {

// The byte offset of `needle` in `hay` (REQUIREd to be there once).
std::size_t find_bytes(const Bytes& hay, std::initializer_list<std::uint8_t> needle) {
  const auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end());
  REQUIRE(it != hay.end());
  REQUIRE(std::search(it + 1, hay.end(), needle.begin(), needle.end()) == hay.end());
  return static_cast<std::size_t>(it - hay.begin());
}

void expect_valid(const seal::Report& r) {
  INFO(dump(r));
  CHECK(r.verdict.outcome == Outcome::valid);
  CHECK(r.signature_trusted);
  CHECK(status_of(r, CheckId::seal_signature) == Status::pass);
  CHECK(status_of(r, CheckId::seal_signer_certificate) == Status::pass);
  CHECK(status_of(r, CheckId::seal_chain) == Status::pass);
  CHECK(status_of(r, CheckId::seal_revocation) == Status::pass);
  CHECK(status_of(r, CheckId::seal_country) == Status::pass);
  CHECK(status_of(r, CheckId::seal_time_signer) == Status::pass);
  CHECK(status_of(r, CheckId::seal_time_csca) == Status::pass);
  for (const Check& c : r.verdict.checks) {
    CHECK_MESSAGE(c.status != Status::fail, check_name(c.id));
  }
}

} // namespace

TEST_SUITE("seal::verify") {

TEST_CASE("every format and curve verifies with a specimen signer") {
  // The VDS hash follows the curve (barcodes.md §1.4): SHA-224 for 224-bit, SHA-512 for P-521.
  const std::pair<const char*, const char*> curves[] = {{"prime256v1", "SHA-256"},
                                                        {"brainpoolP224r1", "SHA-224"},
                                                        {"brainpoolP384r1", "SHA-384"},
                                                        {"secp521r1", "SHA-512"}};
  for (const auto& [curve, hash] : curves) {
    CAPTURE(curve);
    const Pki pki = make_pki(curve);
    const auto store = full_store(pki);
    struct Case {
      std::string name;
      std::string description;
      barcode::PayloadKind kind;
    };
    const Case cases[] = {
        {"icao.visa v4", visa_description(), barcode::PayloadKind::vds},
        {"icao.visa v3", visa_description(R"( "version": 3,)"), barcode::PayloadKind::vds},
        {"bsi sticker v4", sticker_description(4), barcode::PayloadKind::vds},
        {"bsi sticker v3", sticker_description(3), barcode::PayloadKind::vds},
        {"idb compressed", idb_description(true, false), barcode::PayloadKind::idb},
        {"idb plain", idb_description(false, false), barcode::PayloadKind::idb},
        {"idb compressed embedded", idb_description(true, true), barcode::PayloadKind::idb},
        {"idb plain embedded", idb_description(false, true), barcode::PayloadKind::idb},
        {"vds_nc", k_vdsnc_description, barcode::PayloadKind::vds_nc}};
    for (const Case& c : cases) {
      CAPTURE(c.name);
      const Bytes payload = made(c.description, pki.signer);
      const auto r = check(payload, store);
      expect_valid(r);
      REQUIRE(r.payload);
      CHECK(r.payload->kind == c.kind);
      CHECK(r.certificates.size() == 2); // signer, then its CSCA
      if (c.kind == barcode::PayloadKind::vds) {
        CHECK(get(r, CheckId::seal_signature).message.find(std::string("with ") + hash) !=
              std::string::npos);
        CHECK(status_of(r, CheckId::seal_time_signing) == Status::pass);
      }
      if (c.name.starts_with("icao.visa") || c.name.starts_with("idb")) {
        CHECK(status_of(r, CheckId::seal_mrz) == Status::pass);
      }
    }
  }
}

TEST_CASE("a flipped signature byte fails the signature") {
  const Pki pki = make_pki();
  Bytes payload = made(visa_description(), pki.signer);
  payload.back() ^= 0x01;
  const auto r = check(payload, full_store(pki));
  INFO(dump(r));
  CHECK(status_of(r, CheckId::seal_signature) == Status::fail);
  CHECK(status_of(r, CheckId::seal_signer_certificate) == Status::pass); // named by UTSP + 5E
  CHECK(r.verdict.outcome == Outcome::invalid);
  CHECK_FALSE(r.signature_trusted);
}

TEST_CASE("a changed message byte fails the signature") {
  const Pki pki = make_pki();
  Bytes payload = made(visa_description(), pki.signer);
  // number_of_entries: tag 3, length 1, value 2 -> 3 (still a well-formed visa)
  payload[find_bytes(payload, {0x03, 0x01, 0x02}) + 2] = 0x03;
  const auto r = check(payload, full_store(pki));
  INFO(dump(r));
  CHECK(status_of(r, CheckId::seal_payload_structure) == Status::pass);
  CHECK(status_of(r, CheckId::seal_signature) == Status::fail);
  CHECK(r.verdict.outcome == Outcome::invalid);
}

TEST_CASE("a signer certificate with the same subject and serial but another key fails") {
  const Pki pki = make_pki();
  const Pki impostor = sibling(pki); // same CSCA, same C=UT CN=SP serial 5E, another key
  const Bytes payload = made(visa_description(), pki.signer);
  const auto r = check(payload, store_of({pki.csca_pem, pki.crl_pem, impostor.signer_pem}));
  INFO(dump(r));
  CHECK(status_of(r, CheckId::seal_signature) == Status::fail);
  CHECK(r.verdict.outcome == Outcome::invalid);
}

TEST_CASE("a signer absent from the store is an unknown signer: indeterminate") {
  const Pki pki = make_pki();
  const Bytes payload = made(visa_description(), pki.signer);
  const auto r = check(payload, store_of({pki.csca_pem, pki.crl_pem}));
  INFO(dump(r));
  CHECK(status_of(r, CheckId::seal_signature) == Status::skip);
  CHECK(status_of(r, CheckId::seal_signer_certificate) == Status::skip);
  CHECK(status_of(r, CheckId::seal_chain) == Status::skip);
  CHECK(r.verdict.outcome == Outcome::indeterminate);
}

TEST_CASE("a CSCA absent from the store skips the chain: indeterminate") {
  const Pki pki = make_pki();
  const Bytes payload = made(visa_description(), pki.signer);
  const auto r = check(payload, store_of({pki.signer_pem}));
  INFO(dump(r));
  CHECK(status_of(r, CheckId::seal_signature) == Status::pass);
  CHECK(status_of(r, CheckId::seal_chain) == Status::skip);
  CHECK(status_of(r, CheckId::seal_revocation) == Status::skip);
  CHECK(r.verdict.outcome == Outcome::indeterminate);
  CHECK_FALSE(r.signature_trusted);
}

TEST_CASE("a signer issued by another CSCA of the same name fails the chain") {
  const Pki pki = make_pki();
  const Pki other = make_pki(); // its own "Utopia CSCA", same subject, another key
  const Bytes payload = made(visa_description(), other.signer);
  const auto r = check(payload, store_of({pki.csca_pem, pki.crl_pem, other.signer_pem}));
  INFO(dump(r));
  CHECK(status_of(r, CheckId::seal_signature) == Status::pass);
  CHECK(status_of(r, CheckId::seal_chain) == Status::fail);
  CHECK(r.verdict.outcome == Outcome::invalid);
}

TEST_CASE("a signer revoked in the CRL fails revocation") {
  const Pki pki = make_pki();
  const auto csca = x509_of(pki.csca_pem);
  const auto csca_key = key_of(pki.csca_key_pem);
  const chip::detail::Signer by_csca{csca_key.get(), EVP_sha256(), false};
  auto crl = chip::detail::make_crl(csca.get(), by_csca, 1748736000, 2051222400, 0x5E,
                                    1750000000);
  REQUIRE(crl);
  const std::string crl_pem = text_of(chip::detail::crl_pem(crl->get()));
  const Bytes payload = made(visa_description(), pki.signer);
  const auto r = check(payload, store_of({pki.csca_pem, crl_pem, pki.signer_pem}));
  INFO(dump(r));
  CHECK(status_of(r, CheckId::seal_signature) == Status::pass);
  CHECK(status_of(r, CheckId::seal_revocation) == Status::fail);
  CHECK(r.verdict.outcome == Outcome::invalid);
}

TEST_CASE("a signer certificate expired at the verification time fails seal.time.signer") {
  const Pki pki = make_pki();
  const Bytes payload = made(visa_description(), pki.signer);
  const UnixTime after_signer = 1938038400 + 30 * 86400; // 2031-07-01; CSCA valid to 2035
  const auto r = check(payload, full_store(pki), after_signer);
  INFO(dump(r));
  CHECK(status_of(r, CheckId::seal_time_signer) == Status::fail);
  CHECK(status_of(r, CheckId::seal_time_csca) == Status::pass);
  CHECK(status_of(r, CheckId::seal_time_signing) == Status::pass);
  CHECK(r.verdict.outcome == Outcome::invalid);
}

TEST_CASE("a signature date after the verification time fails seal.dates") {
  const Pki pki = make_pki();
  std::string d = visa_description();
  d.replace(d.find(R"("signing_date": "2025-07-01")"), 28, R"("signing_date": "2026-02-01")");
  const auto r = check(made(d, pki.signer), full_store(pki));
  INFO(dump(r));
  CHECK(status_of(r, CheckId::seal_dates) == Status::fail);
  CHECK(status_of(r, CheckId::seal_signature) == Status::pass);
  CHECK(r.verdict.outcome == Outcome::invalid);
}

TEST_CASE("a signature date outside the signer validity fails seal.time.signing") {
  const Pki pki = make_pki(); // signer valid from 2025-06-01
  std::string d = visa_description();
  d.replace(d.find(R"("signing_date": "2025-07-01")"), 28, R"("signing_date": "2025-05-31")");
  const auto r = check(made(d, pki.signer), full_store(pki));
  INFO(dump(r));
  CHECK(status_of(r, CheckId::seal_time_signing) == Status::fail);
  CHECK(status_of(r, CheckId::seal_dates) == Status::pass);
  CHECK(r.verdict.outcome == Outcome::invalid);
}

TEST_CASE("an issuing state other than the signer's country fails seal.country") {
  const Pki pki = make_pki();
  const auto r = check(made(visa_description("", k_visa_mrz_line2, "D<<"), pki.signer),
                       full_store(pki));
  INFO(dump(r));
  const Check& c = get(r, CheckId::seal_country);
  CHECK(c.status == Status::fail);
  CHECK(c.message.find("issuing state DE") != std::string::npos);
  CHECK(c.message.find("signer UT") != std::string::npos);
  CHECK(r.verdict.outcome == Outcome::invalid);
}

TEST_CASE("a CA certificate as signer fails seal.signer.profile") {
  const Pki pki = make_pki();
  const auto csca = x509_of(pki.csca_pem);
  const auto csca_key = key_of(pki.csca_key_pem);
  auto key = chip::detail::load_or_generate_key(std::nullopt,
                                                chip::detail::KeySpec{false, "prime256v1", false},
                                                "signer");
  REQUIRE(key);
  auto cert = chip::detail::make_certificate(
      {{{"C", "UT"}, {"O", "Government of Utopia"}, {"CN", "SP"}}, csca.get(), key->get(), 0x77,
       1748736000, 1938038400, true},
      chip::detail::Signer{csca_key.get(), EVP_sha256(), false});
  REQUIRE(cert);
  seal::Signer signer;
  signer.private_key_pem = *chip::detail::private_key_pem(key->get());
  const int len = i2d_X509(cert->get(), nullptr);
  signer.certificate_der.resize(static_cast<std::size_t>(len));
  unsigned char* out = signer.certificate_der.data();
  i2d_X509(cert->get(), &out);
  const std::string pem = text_of(chip::detail::certificate_pem(cert->get()));

  const auto r = check(made(visa_description(), signer), store_of({pki.csca_pem, pki.crl_pem, pem}));
  INFO(dump(r));
  CHECK(status_of(r, CheckId::seal_signature) == Status::pass);
  CHECK(status_of(r, CheckId::seal_signer_profile) == Status::fail);
  CHECK(r.verdict.outcome == Outcome::invalid);
}

TEST_CASE("a VerifyCache gives the same verdicts, judges a signer's chain once, and never "
          "validates a forgery") {
  const Pki pki = make_pki();
  const auto store = full_store(pki);
  const Bytes payload = made(visa_description(), pki.signer);
  seal::VerifyCache cache;
  const auto cold = check(payload, store);
  seal::VerifyOptions options;
  options.at = k_at;
  const auto first = seal::verify(payload, store, options, &cache);
  const auto second = seal::verify(payload, store, options, &cache);
  REQUIRE(cold.verdict.outcome == Outcome::valid);
  CHECK(first.verdict.outcome == Outcome::valid);
  CHECK(second.verdict.outcome == Outcome::valid);
  REQUIRE(second.verdict.checks.size() == cold.verdict.checks.size());
  for (std::size_t i = 0; i < cold.verdict.checks.size(); ++i) {
    CHECK(second.verdict.checks[i].status == cold.verdict.checks[i].status);
    CHECK(second.verdict.checks[i].message == cold.verdict.checks[i].message);
  }
  CHECK(cache.misses() == 1);
  CHECK(cache.hits() == 1);
  // The signature itself is never cached: a forged copy after a genuine one still fails.
  Bytes forged = payload;
  forged[25] ^= 0x01;
  const auto after = seal::verify(forged, store, options, &cache);
  CHECK(status_of(after, CheckId::seal_signature) == Status::fail);
  CHECK(after.verdict.outcome == Outcome::invalid);
  // Another time is another judgement: the signer has expired by 2032.
  options.at = 1956528000; // 2032-01-01
  const auto later = seal::verify(payload, store, options, &cache);
  CHECK(status_of(later, CheckId::seal_time_signer) == Status::fail);
}

TEST_CASE("a reference naming nobody falls back to the store's signers: warn, still valid") {
  const Pki pki = make_pki();
  const Bytes payload = made(visa_description(R"( "reference": "77",)"), pki.signer);
  const auto r = check(payload, full_store(pki));
  INFO(dump(r));
  CHECK(r.payload->signature->reference == "77");
  CHECK(status_of(r, CheckId::seal_signature) == Status::pass);
  CHECK(status_of(r, CheckId::seal_signer_certificate) == Status::warn);
  CHECK(status_of(r, CheckId::seal_chain) == Status::pass);
  CHECK(r.verdict.outcome == Outcome::valid);
}

TEST_CASE("VDS-NC: an embedded signer without its CSCA is indeterminate; tampered msg fails") {
  const Pki pki = make_pki();
  const Bytes payload = made(k_vdsnc_description, pki.signer);
  const pki::TrustStore empty;
  const auto r = check(payload, empty);
  INFO(dump(r));
  CHECK(status_of(r, CheckId::seal_signature) == Status::pass);
  CHECK(status_of(r, CheckId::seal_signer_certificate) == Status::pass); // carried in the payload
  CHECK(status_of(r, CheckId::seal_chain) == Status::skip);
  CHECK(r.verdict.outcome == Outcome::indeterminate);

  std::string text = text_of(payload);
  const auto at = text.find("U32870");
  REQUIRE(at != std::string::npos);
  text[at + 5] = '1';
  const auto t = check(bytes_of(text), full_store(pki));
  INFO(dump(t));
  CHECK(status_of(t, CheckId::seal_signature) == Status::fail);
  CHECK(t.verdict.outcome == Outcome::invalid);
}

TEST_CASE("a self-signed signer given in the store anchors itself; embedded it does not") {
  const Pki pki = make_pki("prime256v1", true);
  REQUIRE(pki.csca_pem.empty());
  const auto r = check(made(visa_description(), pki.signer), store_of({pki.signer_pem}));
  INFO(dump(r));
  CHECK(status_of(r, CheckId::seal_chain) == Status::pass);
  CHECK(get(r, CheckId::seal_chain).message.find("anchors itself") != std::string::npos);
  CHECK(status_of(r, CheckId::seal_revocation) == Status::skip);
  CHECK(r.verdict.outcome == Outcome::valid);

  // VDS-NC carries the same self-signed certificate: it may not vouch for itself.
  const pki::TrustStore empty;
  const auto n = check(made(k_vdsnc_description, pki.signer), empty);
  INFO(dump(n));
  CHECK(status_of(n, CheckId::seal_signature) == Status::pass);
  CHECK(status_of(n, CheckId::seal_chain) == Status::skip);
  CHECK(n.verdict.outcome == Outcome::indeterminate);
  CHECK_FALSE(n.signature_trusted);
  // IDB with the embedded certificate: same rule.
  const auto i = check(made(idb_description(true, true), pki.signer), empty);
  INFO(dump(i));
  CHECK(status_of(i, CheckId::seal_chain) == Status::skip);
  CHECK(i.verdict.outcome == Outcome::indeterminate);
}

TEST_CASE("a wrong check digit in the visa's MRZ fails seal.mrz") {
  const Pki pki = make_pki();
  // document number check digit 6 -> 5
  const std::string line2 = "L898902C35UTO7408122F2706306<<<<<<<<<<<<<<<<";
  const auto r = check(made(visa_description("", line2), pki.signer), full_store(pki));
  INFO(dump(r));
  CHECK(status_of(r, CheckId::seal_mrz) == Status::fail);
  CHECK(status_of(r, CheckId::seal_signature) == Status::pass);
  CHECK(r.verdict.outcome == Outcome::invalid);
}

TEST_CASE("--mrz: the printed MRZ matches up to the expiry check digit, or it fails") {
  const Pki pki = make_pki();
  const Bytes payload = made(visa_description(), pki.signer);
  const auto store = full_store(pki);
  const std::string line1 = k_visa_mrz_line1;
  // The seal keeps line 2 up to position 28 only: optional data beyond it may differ.
  const auto same = check_with_mrz(payload, store, k_at, line1 + "\nL898902C36UTO7408122F2706306ABC<<<<<<<<<<<<<");
  INFO(dump(same));
  CHECK(status_of(same, CheckId::seal_mrz_match) == Status::pass);
  CHECK(same.verdict.outcome == Outcome::valid);

  const auto other = check_with_mrz(payload, store, k_at,
                                    "V<UTOERIKSSON<<ANNE<MARIA<<<<<<<<<<<<<<<<<<<\n" + std::string(k_visa_mrz_line2));
  INFO(dump(other));
  CHECK(status_of(other, CheckId::seal_mrz_match) == Status::fail);
  CHECK(other.verdict.outcome == Outcome::invalid);

  const auto none = check(payload, store);
  CHECK(status_of(none, CheckId::seal_mrz_match) == Status::skip);
}

TEST_CASE("BCBP carries no verifiable signature: indeterminate") {
  const pki::TrustStore empty;
  const std::string bcbp = "M1DESMARAIS/LUC       EABC123 YULFRAAC 0834 326J001A0025 100";
  const auto r = check(bytes_of(bcbp), empty);
  INFO(dump(r));
  REQUIRE(r.payload);
  CHECK(r.payload->kind == barcode::PayloadKind::bcbp);
  CHECK(status_of(r, CheckId::seal_signature) == Status::skip);
  CHECK(r.verdict.outcome == Outcome::indeterminate);
}

TEST_CASE("text, garbage and truncated seals are error verdicts") {
  const pki::TrustStore empty;
  const Pki pki = make_pki();
  Bytes truncated = made(visa_description(), pki.signer);
  truncated.resize(20);
  const Bytes inputs[] = {bytes_of("hello, world"), Bytes{0x00, 0x01, 0xFE, 0x7F}, truncated,
                          bytes_of("RDB1Bnot base32!"), Bytes{}};
  for (const Bytes& input : inputs) {
    const auto r = check(input, empty);
    INFO(dump(r));
    CHECK(r.verdict.outcome == Outcome::error);
    CHECK(r.verdict.error.has_value());
    CHECK_FALSE(r.signature_trusted);
  }
}

TEST_CASE("no single-bit forgery of a VDS, IDB or VDS-NC comes out valid") {
  const Pki pki = make_pki();
  const auto store = full_store(pki);
  for (const auto& description : {visa_description(), idb_description(true, false),
                                  idb_description(false, true), std::string(k_vdsnc_description)}) {
    const Bytes payload = made(description, pki.signer);
    const auto original = check(payload, store);
    REQUIRE(original.verdict.outcome == Outcome::valid);
    const auto& sig = original.payload->signature;
    int valid_forgeries = 0;
    // Binary VDS: every bit. Text formats: one bit per character, rotating (keeps this fast).
    const bool binary = payload.front() == 0xDC;
    for (std::size_t i = 0; i < payload.size(); ++i) {
      for (int bit = binary ? 0 : static_cast<int>(i % 7); bit < (binary ? 8 : static_cast<int>(i % 7) + 1);
           ++bit) {
        Bytes forged = payload;
        forged[i] ^= static_cast<std::uint8_t>(1 << bit);
        const auto r = check(forged, store);
        if (r.verdict.outcome != Outcome::valid) {
          continue;
        }
        // Text encodings have insignificant bits (base32/base64 tails, letter case, JSON
        // whitespace): valid is acceptable only when the signed content is unchanged.
        const auto& s = r.payload->signature;
        const bool same = s && s->signed_data == sig->signed_data && s->signature == sig->signature &&
                          r.payload->fields.size() == original.payload->fields.size();
        if (!same) {
          ++valid_forgeries;
          MESSAGE("valid forgery at byte " << i << " bit " << bit);
        }
      }
    }
    CHECK(valid_forgeries == 0);
  }
}

} // TEST_SUITE
