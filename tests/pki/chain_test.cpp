#include "pki/detail/chain.hpp"

#include "pki/detail/name.hpp"
#include "test_pki.hpp"

#include <doctest/doctest.h>

using namespace mrtd::pki::test;
using mrtd::pki::TrustStore;
using mrtd::pki::detail::ChainState;
using mrtd::pki::detail::Revocation;
using mrtd::pki::detail::validate_chain;

namespace {

constexpr mrtd::UnixTime k_at = 1764374400; // 2025-11-29

void add(TrustStore& store, const X509* cert, const char* source = "test") {
  REQUIRE(store.add(to_der(cert), source).has_value());
}

void add(TrustStore& store, const X509_CRL* crl) {
  REQUIRE(store.add(to_der(crl), "test.crl").has_value());
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A CSCA and a DSC it signed, for one key kind.
struct Pair {
  X509Ptr csca;
  X509Ptr dsc;
  EVP_PKEY* csca_key;
};

Pair make_pair(const std::string& kind, bool explicit_params = false, long dsc_serial = 42) {
  EVP_PKEY* csca_key = cached_key(kind, 0, explicit_params);
  Pair pair{make_ca("C=DE,O=Test,CN=CSCA", csca_key), nullptr, csca_key};
  CertSpec spec;
  spec.serial = dsc_serial;
  pair.dsc = make_cert(spec, cached_key(kind, 1, explicit_params), pair.csca.get(), csca_key);
  pair.csca = reparse(pair.csca.get());
  pair.dsc = reparse(pair.dsc.get());
  return pair;
}

} // namespace

TEST_SUITE("pki::chain") {
  TEST_CASE("a DSC signed by a CSCA of the store verifies, for every key kind") {
    struct Kind {
      const char* name;
      bool explicit_params;
    };
    for (const Kind kind : {Kind{"rsa", false}, Kind{"prime256v1", false},
                            Kind{"brainpoolP256r1", false}, Kind{"prime256v1", true},
                            Kind{"brainpoolP384r1", true}}) {
      CAPTURE(kind.name);
      CAPTURE(kind.explicit_params);
      const Pair pair = make_pair(kind.name, kind.explicit_params);
      TrustStore store;
      add(store, pair.csca.get(), "csca.der");
      const auto result = validate_chain(pair.dsc.get(), store.impl(), "DE", k_at);
      CHECK(result.state == ChainState::verified);
      REQUIRE(result.anchor != nullptr);
      CHECK(result.anchor->provenance.source == "csca.der");
      CHECK(contains(result.message, "CN=CSCA"));
      CHECK(result.profile_ok);
      CHECK(result.revocation == Revocation::no_crl);
      CHECK(result.tried.size() == 1);
    }
  }

  TEST_CASE("the issuer is found by name when the AKI is absent, RDN order ignored") {
    EVP_PKEY* key = cached_key("prime256v1");
    const auto csca = make_ca("C=DE,O=Test,CN=CSCA", key);
    CertSpec spec;
    spec.authority_key_id = "";
    const auto dsc = make_cert(spec, cached_key("prime256v1", 1), csca.get(), key);
    // The store's CSCA names the same RDNs in another order and string type.
    X509Ptr reordered(X509_dup(csca.get()));
    const auto name = make_name("CN=CSCA,O=Test,C=DE", V_ASN1_PRINTABLESTRING);
    X509_set_subject_name(reordered.get(), name.get());
    X509_set_issuer_name(reordered.get(), name.get());
    X509_sign(reordered.get(), key, EVP_sha256());
    TrustStore store;
    add(store, reordered.get());
    CHECK(validate_chain(dsc.get(), store.impl(), "DE", k_at).state == ChainState::verified);
  }

  TEST_CASE("a CSCA with the right name but another key is not trusted") {
    const Pair pair = make_pair("prime256v1");
    const auto impostor = make_ca("C=DE,O=Test,CN=CSCA", cached_key("prime256v1", 2));
    TrustStore store;
    add(store, impostor.get());
    const auto result = validate_chain(pair.dsc.get(), store.impl(), "DE", k_at);
    CHECK(result.state == ChainState::not_trusted);
    CHECK(result.anchor == nullptr);
    CHECK(contains(result.message, "signature does not verify"));
    CHECK(result.tried == std::vector<std::string>{"CN=CSCA,O=Test,C=DE"});
    CHECK(ERR_peek_error() == 0);
  }

  TEST_CASE("a self-signed certificate with the genuine DSC's subject is not trusted") {
    const Pair pair = make_pair("prime256v1");
    CertSpec spec; // same subject as the genuine DSC
    spec.authority_key_id = "";
    const auto forged = make_cert(spec, cached_key("prime256v1", 3));
    TrustStore store;
    add(store, pair.csca.get());
    add(store, pair.dsc.get());
    const auto result = validate_chain(forged.get(), store.impl(), "DE", k_at);
    CHECK(result.state == ChainState::not_trusted);
    CHECK(contains(result.message, "not a CA"));
  }

  TEST_CASE("a DSC held in the store is never an anchor") {
    const Pair pair = make_pair("prime256v1");
    // A self-signed end-entity certificate, present in the store, checked as the leaf.
    CertSpec spec;
    spec.subject = "C=FR,CN=Self DSC";
    const auto self_dsc = make_cert(spec, cached_key("prime256v1", 3));
    TrustStore store;
    add(store, self_dsc.get());
    add(store, pair.dsc.get());
    const auto result = validate_chain(self_dsc.get(), store.impl(), "FR", k_at);
    CHECK(result.state == ChainState::not_trusted);
    CHECK(result.anchor == nullptr);
    CHECK(contains(result.message, "never an anchor"));
    // The genuine DSC's issuer is not in the store and DE has no CA there.
    CHECK(validate_chain(pair.dsc.get(), store.impl(), "DE", k_at).state == ChainState::no_anchor);
  }

  TEST_CASE("no CA for the country at all is no_anchor") {
    const Pair pair = make_pair("prime256v1");
    const auto other = make_ca("C=FR,CN=CSCA FR", cached_key("prime256v1", 2));
    TrustStore store;
    add(store, other.get());
    const auto result = validate_chain(pair.dsc.get(), store.impl(), "DE", k_at);
    CHECK(result.state == ChainState::no_anchor);
    CHECK(contains(result.message, "DE"));
    CHECK(result.tried.empty());
    SUBCASE("but CAs of the country that do not match make it not_trusted") {
      add(store, make_ca("C=DE,CN=Another DE CSCA", cached_key("prime256v1", 2)).get());
      const auto again = validate_chain(pair.dsc.get(), store.impl(), "DE", k_at);
      CHECK(again.state == ChainState::not_trusted);
      CHECK(contains(again.message, "matches the issuer"));
    }
  }

  TEST_CASE("a CA without keyCertSign cannot be the anchor") {
    EVP_PKEY* key = cached_key("prime256v1");
    CertSpec ca_spec;
    ca_spec.subject = "C=DE,O=Test,CN=CSCA";
    ca_spec.ca = true;
    ca_spec.key_usage = "critical,cRLSign";
    const auto ca = make_cert(ca_spec, key);
    const auto dsc = make_cert(CertSpec{}, cached_key("prime256v1", 1), ca.get(), key);
    TrustStore store;
    add(store, ca.get());
    const auto result = validate_chain(dsc.get(), store.impl(), "DE", k_at);
    CHECK(result.state == ChainState::not_trusted);
    CHECK(contains(result.message, "keyCertSign"));
  }

  TEST_CASE("profile: the leaf must not be a CA and must allow digitalSignature") {
    EVP_PKEY* key = cached_key("prime256v1");
    const auto csca = make_ca("C=DE,O=Test,CN=CSCA", key);
    TrustStore store;
    add(store, csca.get());
    SUBCASE("leaf is a CA") {
      CertSpec spec;
      spec.ca = true;
      spec.key_usage = "critical,digitalSignature,keyCertSign";
      const auto leaf = make_cert(spec, cached_key("prime256v1", 1), csca.get(), key);
      const auto result = validate_chain(leaf.get(), store.impl(), "DE", k_at);
      CHECK(result.state == ChainState::verified);
      CHECK_FALSE(result.profile_ok);
      CHECK(contains(result.profile_message, "is a CA"));
    }
    SUBCASE("keyUsage without digitalSignature") {
      CertSpec spec;
      spec.key_usage = "critical,keyEncipherment";
      const auto leaf = make_cert(spec, cached_key("prime256v1", 1), csca.get(), key);
      const auto result = validate_chain(leaf.get(), store.impl(), "DE", k_at);
      CHECK_FALSE(result.profile_ok);
      CHECK(contains(result.profile_message, "digitalSignature"));
    }
    SUBCASE("no keyUsage at all is acceptable") {
      CertSpec spec;
      spec.key_usage = "";
      const auto leaf = make_cert(spec, cached_key("prime256v1", 1), csca.get(), key);
      CHECK(validate_chain(leaf.get(), store.impl(), "DE", k_at).profile_ok);
    }
  }

  TEST_CASE("revocation through the anchor's CRL") {
    const Pair pair = make_pair("prime256v1", false, 42);
    TrustStore store;
    add(store, pair.csca.get());
    SUBCASE("listed") {
      add(store, make_crl(pair.csca.get(), pair.csca_key, {41, 42}).get());
      const auto result = validate_chain(pair.dsc.get(), store.impl(), "DE", k_at);
      CHECK(result.state == ChainState::verified);
      CHECK(result.revocation == Revocation::revoked);
      CHECK(contains(result.revocation_message, "2A"));
    }
    SUBCASE("not listed") {
      add(store, make_crl(pair.csca.get(), pair.csca_key, {41}).get());
      const auto result = validate_chain(pair.dsc.get(), store.impl(), "DE", k_at);
      CHECK(result.revocation == Revocation::good);
      CHECK_FALSE(contains(result.revocation_message, "nextUpdate"));
    }
    SUBCASE("stale CRL is mentioned") {
      add(store, make_crl(pair.csca.get(), pair.csca_key, {}, k_2025).get());
      const auto result = validate_chain(pair.dsc.get(), store.impl(), "DE", k_at);
      CHECK(result.revocation == Revocation::good);
      CHECK(contains(result.revocation_message, "nextUpdate"));
    }
    SUBCASE("no CRL") {
      const auto result = validate_chain(pair.dsc.get(), store.impl(), "DE", k_at);
      CHECK(result.revocation == Revocation::no_crl);
      CHECK(contains(result.revocation_message, "no CRL"));
    }
    SUBCASE("CRL signed by another key") {
      add(store, make_crl(pair.csca.get(), cached_key("prime256v1", 2), {42}).get());
      const auto result = validate_chain(pair.dsc.get(), store.impl(), "DE", k_at);
      CHECK(result.revocation == Revocation::crl_invalid);
      CHECK(contains(result.revocation_message, "none verifies"));
      CHECK(ERR_peek_error() == 0);
    }
  }

  TEST_CASE("key rollover: two CSCAs with one subject, the one that signed is the anchor") {
    EVP_PKEY* old_key = cached_key("prime256v1", 4);
    EVP_PKEY* new_key = cached_key("prime256v1", 5);
    const auto old_ca = make_ca("C=DE,O=Test,CN=CSCA", old_key, 1);
    const auto new_ca = make_ca("C=DE,O=Test,CN=CSCA", new_key, 2);
    CertSpec spec;
    spec.authority_key_id = ""; // found by name only, so both are candidates
    const auto dsc = make_cert(spec, cached_key("prime256v1", 1), new_ca.get(), new_key);
    TrustStore store;
    add(store, old_ca.get(), "old");
    add(store, new_ca.get(), "new");
    const auto result = validate_chain(dsc.get(), store.impl(), "DE", k_at);
    CHECK(result.state == ChainState::verified);
    REQUIRE(result.anchor != nullptr);
    CHECK(result.anchor->provenance.source == "new");
    CHECK(result.tried.size() == 2);
  }

  TEST_CASE("of several verifying anchors the one valid at the time is preferred") {
    EVP_PKEY* key = cached_key("prime256v1");
    CertSpec expired;
    expired.subject = "C=DE,O=Test,CN=CSCA";
    expired.ca = true;
    expired.key_usage = "critical,keyCertSign";
    expired.not_after = k_2025 - 1;
    expired.serial = 1;
    const auto old_ca = make_cert(expired, key);
    const auto current = make_ca("C=DE,O=Test,CN=CSCA", key, 2);
    const auto dsc = make_cert(CertSpec{}, cached_key("prime256v1", 1), current.get(), key);
    TrustStore store;
    add(store, old_ca.get(), "expired");
    add(store, current.get(), "current");
    const auto result = validate_chain(dsc.get(), store.impl(), "DE", k_at);
    REQUIRE(result.anchor != nullptr);
    CHECK(result.anchor->provenance.source == "current");
    // Time itself is not judged here: at a time only the expired one covers, it is chosen.
    const auto earlier = validate_chain(dsc.get(), store.impl(), "DE", k_2020 + 10);
    CHECK(earlier.state == ChainState::verified);
  }

  TEST_CASE("corpus: every real DSC chains to its CSCA or link certificate") {
    const auto dir = corpus_dir() / "gmrtd" / "sod";
    if (!std::filesystem::exists(dir)) {
      MESSAGE("corpus absent, skipped");
      return;
    }
    int verified = 0;
    for (const auto& country : std::filesystem::directory_iterator(dir)) {
      if (!std::filesystem::exists(country.path() / "dsc.der")) {
        continue;
      }
      const std::string cc = country.path().filename().string();
      CAPTURE(cc);
      const auto dsc = load_cert(country.path() / "dsc.der");
      REQUIRE(dsc);
      TrustStore store;
      REQUIRE(store.add(*read_file(country.path() / "csca.der"), "csca.der").has_value());
      const auto issuer_country =
          mrtd::pki::detail::name_country(X509_get_issuer_name(dsc.get())).value_or("");
      const auto result = validate_chain(dsc.get(), store.impl(), issuer_country, k_at);
      CHECK_MESSAGE(result.state == ChainState::verified, result.message);
      CHECK(result.profile_ok);
      verified += result.state == ChainState::verified ? 1 : 0;
    }
    CHECK(verified == 13);
  }

  TEST_CASE("corpus: the Indonesian DSC embedded in its SOD chains through the IDN CSCAs") {
    const auto dir = corpus_dir() / "gmrtd";
    if (!std::filesystem::exists(dir / "idn-csca")) {
      MESSAGE("corpus absent, skipped");
      return;
    }
    const auto cms = load_sod(dir / "sod" / "ID" / "EF_SOD.bin");
    REQUIRE(cms);
    X509StackPtr certs(CMS_get1_certs(cms.get()));
    REQUIRE(sk_X509_num(certs.get()) == 1);
    TrustStore store;
    for (const auto& file : std::filesystem::directory_iterator(dir / "idn-csca")) {
      REQUIRE(store.add(*read_file(file.path()), file.path().filename().string()).has_value());
    }
    const auto result = validate_chain(sk_X509_value(certs.get(), 0), store.impl(), "ID", k_at);
    CHECK_MESSAGE(result.state == ChainState::verified, result.message);
    // The 2020 CSCA and its link certificate share the key; the self-signed one is preferred.
    REQUIRE(result.anchor != nullptr);
    CHECK(result.anchor->provenance.source == "2020-10_CSCA.cer");
  }

  TEST_CASE("the chain memo reuses a result only for the same DER, country and time") {
    const Pair pair = make_pair("prime256v1");
    TrustStore store;
    add(store, pair.csca.get());
    mrtd::pki::detail::ChainMemo memo;
    const auto first = memo.get(pair.dsc.get(), store.impl(), "DE", k_at);
    CHECK(first->chain.state == ChainState::verified);
    // Another object with the same bytes: a hit.
    const auto again = memo.get(reparse(pair.dsc.get()).get(), store.impl(), "DE", k_at);
    CHECK(again == first);
    CHECK(memo.hits() == 1);
    CHECK(memo.misses() == 1);
    // Another country or time: computed afresh.
    CHECK(memo.get(pair.dsc.get(), store.impl(), "FR", k_at) != first);
    CHECK(memo.get(pair.dsc.get(), store.impl(), "DE", k_at + 1) != first);
    CHECK(memo.misses() == 3);

    // The genuine DSC's signature on other contents (another serial) is never the cached result.
    X509Ptr forged(X509_dup(pair.dsc.get()));
    ASN1_INTEGER_set(X509_get_serialNumber(forged.get()), 43);
    REQUIRE(i2d_re_X509_tbs(forged.get(), nullptr) > 0); // drops the cached TBS encoding
    forged = reparse(forged.get());
    REQUIRE(to_der(forged.get()) != to_der(pair.dsc.get()));
    const ASN1_BIT_STRING* genuine_signature = nullptr;
    const ASN1_BIT_STRING* forged_signature = nullptr;
    X509_get0_signature(&genuine_signature, nullptr, pair.dsc.get());
    X509_get0_signature(&forged_signature, nullptr, forged.get());
    REQUIRE(ASN1_STRING_cmp(genuine_signature, forged_signature) == 0);
    const auto forged_entry = memo.get(forged.get(), store.impl(), "DE", k_at);
    CHECK(forged_entry != first);
    CHECK(forged_entry->chain.state == ChainState::not_trusted);
    CHECK(forged_entry->leaf.serial != first->leaf.serial);
    CHECK(memo.misses() == 4);
  }
}
