// What a forger of seals would try, each shown to fail (or, for harmless re-encodings, shown to
// still verify): ECDSA values outside the group, an attacker's signature under the genuine
// signer certificate, an attacker's certificate embedded under a genuine-looking reference,
// another state's genuine signer, a DCC whose kid names no certificate, VDS-NC re-serialised vs
// changed, and validity edges to the second.

#include "seal_fixture.hpp"

#include "../barcode/dcc_build.hpp"
#include "barcode/dcc.hpp"
#include "barcode/vdsnc.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>

namespace mrtd::sealtest {

namespace {

// The order n of P-256 (SEC 2): r and s must lie in [1, n-1].
const Bytes k_p256_order = {0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF,
                            0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17,
                            0x9E, 0x84, 0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x51};

std::string text(const Bytes& bytes) {
  return {bytes.begin(), bytes.end()};
}

Bytes bytes(const std::string& text) {
  return {text.begin(), text.end()};
}

} // namespace

TEST_SUITE("seal::adversarial") {
  TEST_CASE("ECDSA r or s of zero, or not below the group order, never verifies") {
    const Pki pki = make_pki();
    const auto store = full_store(pki);
    const Bytes vds = made(visa_description(), pki.signer);
    REQUIRE(check(vds, store).verdict.outcome == Outcome::valid);
    // The signature zone of a P-256 seal: FF 40 r(32) s(32).
    REQUIRE(vds.size() > 66);
    REQUIRE(vds[vds.size() - 66] == 0xFF);
    REQUIRE(vds[vds.size() - 65] == 0x40);
    const Bytes r(vds.end() - 64, vds.end() - 32);
    const Bytes s(vds.end() - 32, vds.end());
    const Bytes zero(32, 0x00);
    const Bytes ones(32, 0xFF);
    auto with = [&](const Bytes& new_r, const Bytes& new_s) {
      Bytes out(vds.begin(), vds.end() - 64);
      out.insert(out.end(), new_r.begin(), new_r.end());
      out.insert(out.end(), new_s.begin(), new_s.end());
      return out;
    };
    const std::pair<const char*, Bytes> cases[] = {
        {"r = 0", with(zero, s)},           {"s = 0", with(r, zero)},
        {"r = s = 0", with(zero, zero)},    {"r = n", with(k_p256_order, s)},
        {"s = n", with(r, k_p256_order)},   {"r = 2^256 - 1", with(ones, s)},
        {"s = 2^256 - 1", with(r, ones)},   {"r and s swapped", with(s, r)}};
    for (const auto& [what, forged] : cases) {
      CAPTURE(what);
      const auto report = check(forged, store);
      INFO(dump(report));
      CHECK(status_of(report, CheckId::seal_signature) == Status::fail);
      CHECK(report.verdict.outcome == Outcome::invalid);
    }
  }

  TEST_CASE("VDS-NC: an attacker's signature under the genuine signer certificate fails") {
    const Pki genuine = make_pki();
    const Pki attacker = make_pki();
    const auto store = full_store(genuine);
    const auto description = nlohmann::json::parse(k_vdsnc_description);
    const std::string data = description.at("data").dump();
    auto canonical = barcode::vdsnc_signed_data(data);
    REQUIRE(canonical.has_value());
    auto rs = seal::sign(attacker.signer, barcode::SignatureAlgorithm::ecdsa_sha256,
                         bytes(*canonical));
    REQUIRE(rs.has_value());
    auto document = barcode::vdsnc_document(data, barcode::SignatureAlgorithm::ecdsa_sha256,
                                            genuine.signer.certificate_der, *rs);
    REQUIRE(document.has_value());
    const auto report = check(bytes(*document), store);
    INFO(dump(report));
    CHECK(status_of(report, CheckId::seal_signature) == Status::fail);
    CHECK(report.verdict.outcome == Outcome::invalid);
  }

  TEST_CASE("IDB: an attacker's self-signed certificate embedded in the seal is not trusted") {
    const Pki genuine = make_pki();
    const Pki attacker = make_pki("prime256v1", true); // self-signed C=UT, CN=SP, serial 5E
    const auto store = full_store(genuine);
    const Bytes idb = made(idb_description(true, true), attacker.signer);
    const auto report = check(idb, store);
    INFO(dump(report));
    CHECK(status_of(report, CheckId::seal_signature) == Status::pass); // by its own key...
    CHECK(status_of(report, CheckId::seal_chain) != Status::pass);     // ...which nobody vouches for
    CHECK(report.verdict.outcome != Outcome::valid);
    CHECK_FALSE(report.signature_trusted);
  }

  TEST_CASE("VDS: a signer certificate with the genuine name and serial but another key fails") {
    const Pki genuine = make_pki();
    const Pki attacker = make_pki(); // the same subject C=UT, CN=SP and serial 5E, another CSCA
    const Bytes vds = made(visa_description(), attacker.signer);
    // The store holds the genuine signer and CSCA: the reference names the genuine signer,
    // whose key does not verify; the attacker's signer is not in the store.
    const auto report = check(vds, full_store(genuine));
    INFO(dump(report));
    CHECK(status_of(report, CheckId::seal_signature) == Status::fail);
    CHECK(report.verdict.outcome == Outcome::invalid);
  }

  TEST_CASE("VDS-NC: re-serialised (keys reordered, whitespace) still verifies; any change fails") {
    const Pki pki = make_pki();
    const auto store = full_store(pki);
    const Bytes original = made(k_vdsnc_description, pki.signer);
    REQUIRE(check(original, store).verdict.outcome == Outcome::valid);
    // nlohmann::json sorts object keys and dump(4) indents: another text, the same JSON.
    nlohmann::ordered_json doc = nlohmann::ordered_json::parse(text(original));
    nlohmann::ordered_json reordered;
    reordered["sig"] = doc.at("sig");
    nlohmann::ordered_json data;
    data["msg"] = doc.at("data").at("msg");
    data["hdr"] = doc.at("data").at("hdr");
    reordered["data"] = data;
    for (const std::string& same : {reordered.dump(4), reordered.dump(), reordered.dump(1, '\t')}) {
      const auto report = check(bytes(same), store);
      INFO(dump(report));
      CHECK(report.verdict.outcome == Outcome::valid);
    }
    // A changed value, a doubled space inside a name, a changed number: the signature fails.
    auto changed = [&](auto edit) {
      nlohmann::ordered_json copy = doc;
      edit(copy);
      return bytes(copy.dump());
    };
    const Bytes forged[] = {
        changed([](auto& j) { j["data"]["msg"]["pid"]["n"] = "ERIKSSON ANNA MARIE"; }),
        changed([](auto& j) { j["data"]["msg"]["pid"]["n"] = "ERIKSSON  ANNA MARIA"; }),
        changed([](auto& j) { j["data"]["msg"]["ve"][0]["vd"][0]["seq"] = 2; }),
        changed([](auto& j) { j["data"]["hdr"]["is"] = "D<<"; })};
    for (const Bytes& f : forged) {
      const auto report = check(f, store);
      INFO(dump(report));
      CHECK(status_of(report, CheckId::seal_signature) == Status::fail);
      CHECK(report.verdict.outcome == Outcome::invalid);
    }
  }

  TEST_CASE("a seal of Utopia signed by another state's genuine signer fails seal.country") {
    const Pki utopia = make_pki();
    seal::SealSpecimenOptions options;
    options.country = "FR";
    const Pki france = make_pki(options);
    // Both states' CSCAs, CRLs and signers are trusted: France's signer is genuine, for France.
    const auto store = store_of({utopia.csca_pem, utopia.crl_pem, utopia.signer_pem,
                                 france.csca_pem, france.crl_pem, france.signer_pem});
    const std::string french_visa = visa_description("", k_visa_mrz_line2, "FRA");
    const auto control = check(made(french_visa, france.signer), store);
    INFO(dump(control));
    REQUIRE(control.verdict.outcome == Outcome::valid);
    REQUIRE(status_of(control, CheckId::seal_country) == Status::pass);
    // The same signer (signer id FRSP) on a visa that says Utopia issued it.
    const auto report = check(made(visa_description(), france.signer), store);
    INFO(dump(report));
    CHECK(status_of(report, CheckId::seal_signature) == Status::pass);
    CHECK(status_of(report, CheckId::seal_country) == Status::fail);
    CHECK(report.verdict.outcome == Outcome::invalid);
    // Claiming Utopia's signer (UTSP, the same serial): Utopia's certificate does not verify
    // it; France's, tried in fallback, does - reported as such, and still of another state.
    const auto claimed = check(made(visa_description(R"( "signer_id": "UTSP",)"), france.signer),
                               store);
    INFO(dump(claimed));
    const Check& signer = get(claimed, CheckId::seal_signer_certificate);
    CHECK(signer.status == Status::warn);
    CHECK(signer.message.find("fallback") != std::string::npos);
    CHECK(status_of(claimed, CheckId::seal_country) == Status::fail);
    CHECK(claimed.verdict.outcome == Outcome::invalid);
  }

  TEST_CASE("DCC: a kid naming no certificate is never valid; no other signer is tried") {
    using namespace barcode::dcctest;
    const Pki pki = make_pki();
    const auto store = full_store(pki);
    const Bytes claims = claims_cbor("UT", 1751328000, 1782864000); // 2025-07-01 .. 2026-07-01
    auto signed_dcc = [&](const Bytes& kid) {
      const Bytes protected_map = es256_protected(kid);
      const Bytes sig_structure = barcode::cose_sign1_sig_structure(protected_map, claims);
      auto rs = seal::sign(pki.signer, barcode::SignatureAlgorithm::ecdsa_sha256, sig_structure);
      REQUIRE(rs.has_value());
      return bytes(hc1(cose_sign1(protected_map, {0xA0}, claims, *rs)));
    };
    // The kid: the first 8 bytes of the SHA-256 of the certificate's DER.
    auto kid_of = [](const Bytes& der) {
      Bytes hash(32);
      unsigned int size = 0;
      REQUIRE(EVP_Digest(der.data(), der.size(), hash.data(), &size, EVP_sha256(), nullptr) == 1);
      return Bytes(hash.begin(), hash.begin() + 8);
    };
    const Bytes kid = kid_of(pki.signer.certificate_der);
    const auto control = check(signed_dcc(kid), store);
    INFO(dump(control));
    REQUIRE(control.verdict.outcome == Outcome::valid);
    // The same seal, signed by the same key, with a kid of no certificate: the signer of the
    // store, whose key would verify, is not tried in its place. Nothing proves the seal either
    // way: the signer is unknown (indeterminate, as for a VDS whose signer is not given).
    Bytes other = kid;
    other[0] ^= 0xFF;
    const auto unknown = check(signed_dcc(other), store);
    INFO(dump(unknown));
    CHECK(status_of(unknown, CheckId::seal_signer_certificate) == Status::skip);
    CHECK(status_of(unknown, CheckId::seal_signature) == Status::skip);
    CHECK(unknown.verdict.outcome == Outcome::indeterminate);
    CHECK_FALSE(unknown.signature_trusted);
    // A kid naming another certificate of the store (the CSCA): its key does not verify.
    const auto csca = x509_of(pki.csca_pem);
    unsigned char* der = nullptr;
    const int length = i2d_X509(csca.get(), &der);
    REQUIRE(length > 0);
    const Bytes csca_der(der, der + length);
    OPENSSL_free(der);
    const auto misnamed = check(signed_dcc(kid_of(csca_der)), store);
    INFO(dump(misnamed));
    CHECK(status_of(misnamed, CheckId::seal_signature) == Status::fail);
    CHECK(misnamed.verdict.outcome == Outcome::invalid);
  }

  TEST_CASE("validity edges: on notBefore and notAfter the signer is valid, a second outside not") {
    const Pki pki = make_pki(); // signer valid 2025-06-01T00:00:00Z .. 2031-06-01T00:00:00Z
    const auto store = full_store(pki);
    const Bytes vds = made(visa_description(), pki.signer);
    const UnixTime not_before = 1748736000;
    const UnixTime not_after = 1938038400;
    CHECK(status_of(check(vds, store, not_after), CheckId::seal_time_signer) == Status::pass);
    CHECK(status_of(check(vds, store, not_after + 1), CheckId::seal_time_signer) == Status::fail);
    CHECK(check(vds, store, not_after + 1).verdict.outcome == Outcome::invalid);
    CHECK(status_of(check(vds, store, not_before), CheckId::seal_time_signer) == Status::pass);
    CHECK(status_of(check(vds, store, not_before - 1), CheckId::seal_time_signer) ==
          Status::fail);
  }

  TEST_CASE("leap days: 29 February of a leap year is a date, of another year is not") {
    const Pki pki = make_pki();
    const auto store = full_store(pki);
    const std::string leap =
        R"({"format": "vds", "profile": "bsi.address_sticker_passport", "issuing_state": "UTO",
            "issue_date": "2028-02-29", "signing_date": "2028-02-29", "fields": [
            {"name": "document_number", "value": "PA5500K11"},
            {"name": "municipality_key", "value": "03359010"},
            {"name": "postal_code", "value": "21614"}]})";
    const Bytes vds = made(leap, pki.signer);
    const auto report = check(vds, store, 1835395200); // 2028-03-01
    INFO(dump(report));
    CHECK(report.verdict.outcome == Outcome::valid);
    REQUIRE(report.payload.has_value());
    CHECK(report.payload->issue_date == CivilDate{2028, 2, 29});
    // The day before the seal was issued, its dates lie in the future.
    CHECK(status_of(check(vds, store, 1835308800), CheckId::seal_dates) == Status::fail); // 02-28
    std::string not_leap = leap;
    not_leap.replace(not_leap.find("2028-02-29"), 10, "2027-02-29");
    CHECK_FALSE(seal::make(not_leap, pki.signer).has_value());
  }
}

} // namespace mrtd::sealtest
