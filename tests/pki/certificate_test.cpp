#include "pki/certificate.hpp"

#include "pki/detail/certificate.hpp"
#include "pki/detail/name.hpp"
#include "test_pki.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace mrtd::pki::test;
using mrtd::pki::detail::describe;
using mrtd::pki::detail::name_country;
using mrtd::pki::detail::name_key;
using mrtd::pki::detail::name_to_string;
using mrtd::pki::detail::names_equal_unordered;

namespace {

bool has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

} // namespace

TEST_SUITE("pki::name") {
  TEST_CASE("reordered RDNs compare equal and share a key") {
    const auto a = make_name("C=DE,O=Bundesrepublik,OU=BSI,CN=CSCA");
    const auto b = make_name("CN=CSCA,OU=BSI,O=Bundesrepublik,C=DE");
    CHECK(names_equal_unordered(a.get(), b.get()));
    CHECK(name_key(a.get()) == name_key(b.get()));
    CHECK(X509_NAME_cmp(a.get(), b.get()) != 0); // OpenSSL's own comparison is ordered
  }

  TEST_CASE("PrintableString and UTF8String, case and spacing compare equal") {
    const auto printable = make_name("C=MY,O=Government,CN=Passport  CSCA", V_ASN1_PRINTABLESTRING);
    const auto utf8 = make_name("C=my,O=GOVERNMENT,CN= passport csca ", V_ASN1_UTF8STRING);
    CHECK(names_equal_unordered(printable.get(), utf8.get()));
    CHECK(name_key(printable.get()) == name_key(utf8.get()));
  }

  TEST_CASE("different values, attributes or counts are not equal") {
    const auto base = make_name("C=DE,O=Test,CN=CSCA");
    CHECK_FALSE(names_equal_unordered(base.get(), make_name("C=DE,O=Test,CN=CSCA 2").get()));
    CHECK_FALSE(names_equal_unordered(base.get(), make_name("C=DE,OU=Test,CN=CSCA").get()));
    CHECK_FALSE(names_equal_unordered(base.get(), make_name("C=DE,O=Test").get()));
    CHECK_FALSE(names_equal_unordered(base.get(), make_name("C=DE,O=Test,CN=CSCA,CN=CSCA").get()));
    CHECK(name_key(base.get()) != name_key(make_name("C=DE,O=Test,CN=CSCA 2").get()));
  }

  TEST_CASE("RFC 2253 string and country") {
    const auto name = make_name("C=gb,O=UKKPA,CN=Country Signing Authority");
    CHECK(name_to_string(name.get()) == "CN=Country Signing Authority,O=UKKPA,C=gb");
    CHECK(name_country(name.get()) == "GB");
    CHECK_FALSE(name_country(make_name("O=No Country").get()).has_value());
    // UTF-8 stays readable; RFC 2253 specials are escaped.
    CHECK(name_to_string(make_name("C=DE,CN=M\xC3\xBCller+Sohn").get()) ==
          "CN=M\xC3\xBCller\\+Sohn,C=DE");
  }

  TEST_CASE("the name text memo answers as name_to_string, per exact DER") {
    mrtd::pki::detail::NameTextMemo memo;
    const auto a = make_name("C=DE,O=Test,CN=CSCA");
    const auto same = make_name("C=DE,O=Test,CN=CSCA");
    // Equal under names_equal_unordered, but other bytes and another text.
    const auto reordered = make_name("CN=CSCA,O=Test,C=DE");
    const auto printable = make_name("C=DE,O=Test,CN=CSCA", V_ASN1_PRINTABLESTRING);
    for (int round = 0; round < 2; ++round) {
      CHECK(memo.text(a.get()) == name_to_string(a.get()));
      CHECK(memo.text(same.get()) == name_to_string(a.get()));
      CHECK(memo.text(reordered.get()) == name_to_string(reordered.get()));
      CHECK(memo.text(printable.get()) == name_to_string(printable.get()));
    }
    CHECK(memo.text(reordered.get()) != memo.text(a.get()));
    CHECK(memo.text(nullptr).empty());
  }
}

TEST_SUITE("pki::certificate") {
  TEST_CASE("describe decodes a CSCA and a DSC") {
    EVP_PKEY* ca_key = cached_key("rsa", 0);
    EVP_PKEY* dsc_key = cached_key("prime256v1");
    const auto csca = make_ca("C=DE,O=Test,CN=Test CSCA", ca_key, 0x0100);
    CertSpec spec;
    spec.serial = 0x0ABCDE;
    spec.extended_key_usage = "2.23.136.1.1.3,serverAuth";
    const auto dsc = make_cert(spec, dsc_key, csca.get(), ca_key);

    const auto ca_info = describe(csca.get());
    CHECK(ca_info.subject == "CN=Test CSCA,O=Test,C=DE");
    CHECK(ca_info.issuer == ca_info.subject);
    CHECK(ca_info.subject_country == "DE");
    CHECK(ca_info.serial == "100");
    CHECK(ca_info.is_ca);
    CHECK(ca_info.path_length == 0);
    CHECK(ca_info.self_signed);
    CHECK(has(ca_info.key_usage, "keyCertSign"));
    CHECK(has(ca_info.key_usage, "cRLSign"));
    CHECK_FALSE(has(ca_info.key_usage, "digitalSignature"));
    CHECK(ca_info.key.algorithm == "RSA");
    CHECK(ca_info.key.bits == 2048);
    CHECK(ca_info.signature_algorithm == "sha256WithRSAEncryption");
    CHECK(ca_info.not_before == 1577836800);
    CHECK(ca_info.not_after == 2051222400);
    CHECK(ca_info.sha256.size() == 64);

    const auto info = describe(dsc.get());
    CHECK(info.serial == "ABCDE");
    CHECK_FALSE(info.is_ca);
    CHECK_FALSE(info.path_length.has_value());
    CHECK_FALSE(info.self_signed);
    CHECK(info.issuer_country == "DE");
    CHECK(info.key_usage == std::vector<std::string>{"digitalSignature"});
    CHECK(info.extended_key_usage == std::vector<std::string>{"2.23.136.1.1.3", "serverAuth"});
    CHECK(info.authority_key_id == ca_info.subject_key_id);
    REQUIRE(info.subject_key_id.has_value());
    CHECK(info.subject_key_id->size() == 40);
    CHECK(info.key.algorithm == "EC");
    CHECK(info.key.curve == "prime256v1");
    CHECK_FALSE(info.key.explicit_parameters);
    CHECK(info.signature_algorithm == "sha256WithRSAEncryption");
  }

  TEST_CASE("EC keys with explicit parameters are named and flagged") {
    SUBCASE("P-256") {
      const auto cert = make_ca("C=UK,CN=Explicit", cached_key("prime256v1", 0, true));
      const auto info = describe(reparse(cert.get()).get());
      CHECK(info.key.curve == "prime256v1");
      CHECK(info.key.explicit_parameters);
      CHECK(info.key.bits == 256);
      CHECK(info.self_signed);
      CHECK(info.signature_algorithm == "ecdsa-with-SHA256");
    }
    SUBCASE("brainpoolP384r1") {
      const auto cert = make_ca("C=DE,CN=Explicit BP", cached_key("brainpoolP384r1", 0, true));
      const auto info = describe(reparse(cert.get()).get());
      CHECK(info.key.curve == "brainpoolP384r1");
      CHECK(info.key.explicit_parameters);
      CHECK(info.self_signed);
    }
  }

  TEST_CASE("a self-issued certificate that does not verify with its own key is not self-signed") {
    CertSpec spec;
    spec.subject = "C=DE,CN=Same";
    const auto other = make_cert(spec, cached_key("prime256v1", 1));
    // Same subject and issuer name, but signed by another key.
    const auto cert = make_cert(spec, cached_key("prime256v1", 0), other.get(),
                                cached_key("prime256v1", 1));
    CHECK_FALSE(describe(cert.get()).self_signed);
  }

  TEST_CASE("describe_certificate rejects what is not exactly one DER certificate") {
    const auto cert = make_ca("C=DE,CN=X", cached_key("prime256v1"));
    Bytes der = to_der(cert.get());
    CHECK(mrtd::pki::describe_certificate(der).has_value());
    SUBCASE("garbage") {
      const Bytes garbage{0x30, 0x03, 0x02, 0x01, 0x01};
      const auto result = mrtd::pki::describe_certificate(garbage);
      REQUIRE_FALSE(result.has_value());
      CHECK(result.error().code == mrtd::ErrorCode::malformed);
    }
    SUBCASE("trailing bytes") {
      der.push_back(0x00);
      CHECK_FALSE(mrtd::pki::describe_certificate(der).has_value());
    }
    SUBCASE("empty and truncated") {
      CHECK_FALSE(mrtd::pki::describe_certificate({}).has_value());
      der.resize(der.size() / 2);
      CHECK_FALSE(mrtd::pki::describe_certificate(der).has_value());
    }
    CHECK(ERR_peek_error() == 0); // no stale OpenSSL error left behind
  }

  TEST_CASE("corpus certificates decode") {
    const auto dir = corpus_dir() / "gmrtd" / "sod";
    if (!std::filesystem::exists(dir)) {
      MESSAGE("corpus absent, skipped");
      return;
    }
    const auto de = read_file(dir / "DE" / "dsc.der");
    REQUIRE(de.has_value());
    const auto info = mrtd::pki::describe_certificate(*de);
    REQUIRE(info.has_value());
    CHECK(info->key.curve == "brainpoolP384r1");
    CHECK(info->key.explicit_parameters);
    CHECK(info->issuer_country == "DE");
    const auto us = mrtd::pki::describe_certificate(*read_file(dir / "US" / "csca.der"));
    REQUIRE(us.has_value());
    CHECK(us->is_ca);
    CHECK(us->self_signed);
    CHECK(us->key.algorithm == "RSA");
    CHECK(us->key.bits == 4096);
  }
}
