#include "pki/trust_store.hpp"

#include "pki/detail/certificate.hpp"
#include "pki/detail/store.hpp"
#include "test_pki.hpp"

#include <doctest/doctest.h>

using namespace mrtd::pki::test;
using mrtd::pki::TrustStore;

namespace {

// A certificate whose SKI extension holds a BIT STRING instead of an OCTET STRING, as the LT
// CSCAs in the Italian master list do (pa.md §4.6).
X509Ptr make_bad_ski_cert() {
  CertSpec spec;
  spec.subject = "C=LT,CN=Bad SKI CSCA";
  spec.ca = true;
  spec.key_usage = "critical,keyCertSign";
  spec.subject_key_id = false;
  spec.authority_key_id = "";
  X509Ptr cert = make_cert(spec, cached_key("prime256v1"));
  const unsigned char bit_string[] = {0x03, 0x03, 0x00, 0x12, 0x34};
  Asn1OctetStringPtr value(ASN1_OCTET_STRING_new());
  ASN1_OCTET_STRING_set(value.get(), bit_string, sizeof bit_string);
  X509_EXTENSION* extension =
      X509_EXTENSION_create_by_NID(nullptr, NID_subject_key_identifier, 0, value.get());
  X509_add_ext(cert.get(), extension, -1);
  X509_EXTENSION_free(extension);
  X509_sign(cert.get(), cached_key("prime256v1"), EVP_sha256());
  return cert;
}

} // namespace

TEST_SUITE("pki::trust_store") {
  TEST_CASE("PEM with three certificates and a CRL") {
    EVP_PKEY* key = cached_key("prime256v1");
    const auto de = make_ca("C=DE,O=Test,CN=CSCA DE", key, 1);
    const auto fr = make_ca("C=FR,O=Test,CN=CSCA FR", cached_key("prime256v1", 1), 2);
    const auto dsc = make_cert(CertSpec{}, cached_key("prime256v1", 2), de.get(), key);
    const auto crl = make_crl(de.get(), key, {7});
    const std::string pem = "leading text is ignored\n" + to_pem(de.get()) + to_pem(fr.get()) +
                            to_pem(dsc.get()) + to_pem(crl.get());
    TrustStore store;
    const auto summary = store.add(bytes_of(pem), "bundle.pem");
    REQUIRE(summary.has_value());
    CHECK(summary->certificates == 3);
    CHECK(summary->crls == 1);
    CHECK(summary->problems.empty());
    CHECK(store.certificate_count() == 3);
    CHECK(store.crl_count() == 1);
    CHECK(store.has_ca_for_country("DE"));
    CHECK(store.has_ca_for_country("FR"));
    CHECK_FALSE(store.has_ca_for_country("NL"));
    const auto infos = store.certificates();
    REQUIRE(infos.size() == 3);
    CHECK(infos[0].subject == "CN=CSCA DE,O=Test,C=DE");
    CHECK(infos[2].subject == "CN=Test DSC,O=Test,C=DE");
    CHECK(store.impl().entries[1].provenance.source == "bundle.pem");
    CHECK(store.impl().crls_for(de.get()).size() == 1);
    CHECK(store.impl().crls_for(fr.get()).empty());
  }

  TEST_CASE("DER certificate and DER CRL") {
    EVP_PKEY* key = cached_key("rsa");
    const auto ca = make_ca("C=NL,CN=CSCA NL", key);
    TrustStore store;
    const auto cert = store.add(to_der(ca.get()), "ca.der");
    REQUIRE(cert.has_value());
    CHECK(cert->certificates == 1);
    const auto crl = store.add(to_der(make_crl(ca.get(), key, {}).get()), "ca.crl");
    REQUIRE(crl.has_value());
    CHECK(crl->crls == 1);
    CHECK(crl->certificates == 0);
    CHECK(store.crl_count() == 1);
  }

  TEST_CASE("garbage is malformed and leaves the store unchanged") {
    TrustStore store;
    SUBCASE("random bytes") {
      const auto result = store.add(Bytes{0x01, 0x02, 0x03}, "junk.bin");
      REQUIRE_FALSE(result.has_value());
      CHECK(result.error().code == mrtd::ErrorCode::malformed);
      CHECK(result.error().message.find("junk.bin") != std::string::npos);
    }
    SUBCASE("empty") { CHECK_FALSE(store.add(Bytes{}, "empty").has_value()); }
    SUBCASE("PEM without a certificate") {
      const auto result = store.add(
          bytes_of("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"), "key.pem");
      REQUIRE_FALSE(result.has_value());
      CHECK(result.error().message.find("PRIVATE KEY") != std::string::npos);
    }
    SUBCASE("DER certificate with trailing bytes") {
      Bytes der = to_der(make_ca("C=DE,CN=X", cached_key("prime256v1")).get());
      der.push_back(0);
      CHECK_FALSE(store.add(der, "trailing.der").has_value());
    }
    CHECK(store.certificate_count() == 0);
    CHECK(ERR_peek_error() == 0);
  }

  TEST_CASE("unusable PEM blocks beside usable ones are listed as problems") {
    const auto ca = make_ca("C=DE,CN=CSCA", cached_key("prime256v1"));
    const std::string pem = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n" +
                            to_pem(ca.get()) +
                            "-----BEGIN CERTIFICATE-----\nMIIBIjANBgkq\n-----END CERTIFICATE-----\n";
    TrustStore store;
    const auto summary = store.add(bytes_of(pem), "mixed.pem");
    REQUIRE(summary.has_value());
    CHECK(summary->certificates == 1);
    REQUIRE(summary->problems.size() == 2);
    CHECK(summary->problems[0].find("PRIVATE KEY") != std::string::npos);
    CHECK(summary->problems[1].find("not a valid certificate") != std::string::npos);
  }

  TEST_CASE("TRUSTED CERTIFICATE blocks are read") {
    const auto ca = make_ca("C=DE,CN=Trusted", cached_key("prime256v1"));
    BioPtr bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509_AUX(bio.get(), ca.get());
    TrustStore store;
    const auto summary = store.add(bytes_of(bio_text(bio.get())), "trusted.pem");
    REQUIRE(summary.has_value());
    CHECK(summary->certificates == 1);
  }

  TEST_CASE("duplicates by SHA-256 are stored once") {
    EVP_PKEY* key = cached_key("prime256v1");
    const auto ca = make_ca("C=DE,CN=CSCA", key);
    const auto crl = make_crl(ca.get(), key, {});
    TrustStore store;
    REQUIRE(store.add(to_der(ca.get()), "a.der").has_value());
    const auto again = store.add(bytes_of(to_pem(ca.get()) + to_pem(ca.get()) + to_pem(crl.get()) +
                                          to_pem(crl.get())),
                                 "b.pem");
    REQUIRE(again.has_value());
    CHECK(again->certificates == 0);
    CHECK(again->crls == 1);
    CHECK(again->duplicates == 3);
    CHECK(store.certificate_count() == 1);
    CHECK(store.crl_count() == 1);
    CHECK(store.impl().entries[0].provenance.source == "a.der");
  }

  TEST_CASE("a certificate OpenSSL flags invalid is kept and noted") {
    const auto bad = make_bad_ski_cert();
    const auto parsed = reparse(bad.get());
    REQUIRE(parsed);
    REQUIRE(mrtd::pki::detail::flagged_invalid(parsed.get()));
    TrustStore store;
    const auto summary = store.add(to_der(bad.get()), "it.ml");
    REQUIRE(summary.has_value());
    CHECK(summary->certificates == 1);
    REQUIRE(summary->notes.size() == 1);
    CHECK(summary->notes[0].find("invalid") != std::string::npos);
    CHECK(store.has_ca_for_country("LT"));
  }

  TEST_CASE("lookups by SKI, subject, issuer+serial and country") {
    EVP_PKEY* ca_key = cached_key("prime256v1");
    const auto ca = make_ca("C=DE,O=Test,CN=CSCA", ca_key, 5);
    const auto dsc = make_cert(CertSpec{}, cached_key("prime256v1", 1), ca.get(), ca_key);
    TrustStore store;
    REQUIRE(store.add(bytes_of(to_pem(ca.get()) + to_pem(dsc.get())), "s").has_value());
    const auto& impl = store.impl();

    const auto by_ski = impl.find_by_ski(X509_get0_subject_key_id(ca.get()));
    REQUIRE(by_ski.size() == 1);
    CHECK(by_ski[0]->info.is_ca);
    CHECK(impl.find_by_ski(nullptr).empty());

    const auto reordered = make_name("CN=CSCA,C=DE,O=Test", V_ASN1_PRINTABLESTRING);
    CHECK(impl.find_by_subject(reordered.get()).size() == 1);
    CHECK(impl.find_by_subject(make_name("C=DE,CN=Other").get()).empty());

    const auto by_serial = impl.find_by_issuer_serial(reordered.get(), X509_get0_serialNumber(dsc.get()));
    REQUIRE(by_serial.size() == 1);
    CHECK_FALSE(by_serial[0]->info.is_ca);
    Asn1IntegerPtr other(ASN1_INTEGER_new());
    ASN1_INTEGER_set(other.get(), 99);
    CHECK(impl.find_by_issuer_serial(reordered.get(), other.get()).empty());

    CHECK(impl.cas_for_country("DE").size() == 1); // the DSC is not a CA
    CHECK(impl.issuer_candidates(dsc.get()).size() == 1);
    CHECK(impl.possible_issuers(dsc.get()).size() == 1);
  }

  TEST_CASE("issuer candidates are not pinned by AKI issuer and serial") {
    EVP_PKEY* key = cached_key("prime256v1");
    const auto old_ca = make_ca("C=ID,CN=CSCA", key, 1);
    // Same key and name, another serial (a re-issued CSCA or link certificate).
    const auto new_ca = make_ca("C=ID,CN=CSCA", key, 2);
    CertSpec spec;
    spec.subject = "C=ID,CN=DSC";
    spec.authority_key_id = "keyid:always,issuer:always";
    const auto dsc = make_cert(spec, cached_key("prime256v1", 1), old_ca.get(), key);
    TrustStore store;
    REQUIRE(store.add(to_der(new_ca.get()), "new").has_value());
    REQUIRE(store.add(to_der(old_ca.get()), "old").has_value());
    const auto candidates = store.impl().issuer_candidates(dsc.get());
    CHECK(candidates.size() == 2); // deduplicated although both match by SKI and by name
  }

  TEST_CASE("moved stores keep their contents") {
    TrustStore store;
    REQUIRE(store.add(to_der(make_ca("C=DE,CN=CSCA", cached_key("prime256v1")).get()), "x")
                .has_value());
    TrustStore moved = std::move(store);
    CHECK(moved.certificate_count() == 1);
    TrustStore assigned;
    assigned = std::move(moved);
    CHECK(assigned.has_ca_for_country("DE"));
  }
}
