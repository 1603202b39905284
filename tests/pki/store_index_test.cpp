#include "pki/store_index.hpp"

#include "pki/detail/certificate.hpp"
#include "pki/detail/name.hpp"
#include "pki/detail/store.hpp"
#include "test_pki.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <map>
#include <thread>

using namespace mrtd::pki::test;
using mrtd::pki::IndexEntry;
using mrtd::pki::ItemKind;
using mrtd::pki::KindHint;
using mrtd::pki::StoreIndex;
using mrtd::pki::StoreProvenance;
using mrtd::pki::TrustQuery;

namespace {

struct Fixture {
  EVP_PKEY* ca_key = cached_key("prime256v1");
  X509Ptr csca = make_ca("C=DE,O=Test,CN=CSCA DE", ca_key, 1);
  X509Ptr dsc = [&] {
    CertSpec spec;
    spec.serial = 5;
    return make_cert(spec, cached_key("prime256v1", 2), csca.get(), ca_key);
  }();
  X509CrlPtr crl = make_crl(csca.get(), ca_key, {7});
  X509Ptr signer = [&] {
    CertSpec spec;
    spec.subject = "C=DE,O=Test,CN=ML Signer";
    spec.extended_key_usage = "2.23.136.1.1.3";
    spec.serial = 9;
    return make_cert(spec, cached_key("prime256v1", 1), csca.get(), ca_key);
  }();
};

IndexEntry entry_of(const Bytes& der, KindHint hint = KindHint::automatic,
                    StoreProvenance provenance = {}) {
  auto entry = mrtd::pki::make_entry(der, hint, std::move(provenance));
  REQUIRE(entry.has_value());
  return *entry;
}

} // namespace

TEST_SUITE("pki::store_index") {
  TEST_CASE("make_entry classifies and keys certificates and CRLs") {
    Fixture f;
    const IndexEntry ca = entry_of(to_der(f.csca.get()));
    CHECK(ca.kind == ItemKind::csca);
    CHECK(ca.is_ca);
    CHECK(ca.country == "DE");
    CHECK(ca.subject_key == mrtd::pki::detail::name_key(X509_get_subject_name(f.csca.get())));
    CHECK(ca.sha256 == mrtd::pki::detail::describe(f.csca.get()).sha256);
    CHECK(entry_of(to_der(f.dsc.get())).kind == ItemKind::dsc);
    CHECK(entry_of(to_der(f.signer.get())).kind == ItemKind::mlsigner);
    CHECK(entry_of(to_der(f.csca.get()), KindHint::dsc).kind == ItemKind::dsc);
    const IndexEntry crl = entry_of(to_der(f.crl.get()));
    CHECK(crl.kind == ItemKind::crl);
    CHECK(crl.issuer_key == ca.subject_key);
    CHECK(crl.serial.empty());
    const Bytes junk{0x30, 0x03, 0x02, 0x01, 0x00};
    CHECK_FALSE(mrtd::pki::make_entry(junk, KindHint::automatic, {}).has_value());
  }

  TEST_CASE("serialise and parse round trip, also for odd names") {
    Fixture f;
    std::vector<IndexEntry> entries{entry_of(to_der(f.csca.get())),
                                    entry_of(to_der(f.dsc.get()), KindHint::dsc,
                                             StoreProvenance{{"a.ldif"}, {}, {"ERR:DSC.CDP.14", "x;y"}, {"text\twith\ttabs"}}),
                                    entry_of(to_der(f.crl.get()))};
    entries[0].subject = "CN=semi;colon\\back\tslash\nnew\rline";
    entries[0].provenance.sources = {"one;two", "", "C:\\dir\\file.ml"};
    entries[0].provenance.list_signers = {"CN=Signer"};
    entries[0].unverified_list = true;
    entries[1].flagged_invalid = true;
    const std::string text = mrtd::pki::serialise_index(entries);
    CHECK(text.rfind("mrtd-store-index\t1\n", 0) == 0);
    const auto parsed = mrtd::pki::parse_index(text);
    REQUIRE(parsed.has_value());
    REQUIRE(parsed->size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
      const IndexEntry& a = entries[i];
      const IndexEntry& b = (*parsed)[i];
      CHECK(a.sha256 == b.sha256);
      CHECK(a.kind == b.kind);
      CHECK(a.country == b.country);
      CHECK(a.ski == b.ski);
      CHECK(a.serial == b.serial);
      CHECK(a.subject_key == b.subject_key);
      CHECK(a.issuer_key == b.issuer_key);
      CHECK(a.subject == b.subject);
      CHECK(a.not_before == b.not_before);
      CHECK(a.not_after == b.not_after);
      CHECK(a.is_ca == b.is_ca);
      CHECK(a.unverified_list == b.unverified_list);
      CHECK(a.non_conformant == b.non_conformant);
      CHECK(a.flagged_invalid == b.flagged_invalid);
      CHECK(a.provenance.sources == b.provenance.sources);
      CHECK(a.provenance.list_signers == b.provenance.list_signers);
      CHECK(a.provenance.conformance_codes == b.provenance.conformance_codes);
      CHECK(a.provenance.conformance_texts == b.provenance.conformance_texts);
    }
    CHECK((*parsed)[1].non_conformant);
    CHECK(mrtd::pki::serialise_index(*parsed) == text);
  }

  TEST_CASE("garbage index is an error with the line") {
    CHECK_FALSE(mrtd::pki::parse_index("").has_value());
    CHECK_FALSE(mrtd::pki::parse_index("mrtd-store-index\t2\n").has_value());
    const auto short_line = mrtd::pki::parse_index("mrtd-store-index\t1\nnot\tan\tentry\n");
    REQUIRE_FALSE(short_line.has_value());
    CHECK(short_line.error().message.find("index line 2") != std::string::npos);
    Fixture f;
    std::string good = mrtd::pki::serialise_index({entry_of(to_der(f.csca.get()))});
    SUBCASE("bad kind") {
      const auto at = good.find("\tcsca\t");
      good.replace(at, 6, "\tcsc4\t");
      CHECK_FALSE(mrtd::pki::parse_index(good).has_value());
    }
    SUBCASE("bad escape") {
      good.insert(good.size() - 1, "\\q");
      CHECK_FALSE(mrtd::pki::parse_index(good).has_value());
    }
    SUBCASE("bad hash") {
      good[good.find('\n') + 1] = 'G';
      CHECK_FALSE(mrtd::pki::parse_index(good).has_value());
    }
    SUBCASE("empty store") {
      CHECK(mrtd::pki::parse_index("mrtd-store-index\t1\n")->empty());
    }
  }

  TEST_CASE("lookups by SKI, subject, issuer+serial, country and CRL issuer") {
    Fixture f;
    const StoreIndex index({entry_of(to_der(f.csca.get())), entry_of(to_der(f.dsc.get())),
                            entry_of(to_der(f.crl.get())), entry_of(to_der(f.signer.get()))});
    const IndexEntry& ca = index.entries()[0];
    const IndexEntry& dsc = index.entries()[1];
    auto one = [&](TrustQuery::By by, const std::string& key) { return index.lookup(TrustQuery{by, key}); };
    CHECK(one(TrustQuery::By::subject_key_id, ca.ski).size() == 1);
    CHECK(one(TrustQuery::By::subject, ca.subject_key).front() == &ca);
    const auto by_serial =
        one(TrustQuery::By::issuer_serial, mrtd::pki::issuer_serial_query_key(dsc.issuer_key, dsc.serial));
    REQUIRE(by_serial.size() == 1);
    CHECK(by_serial.front() == &dsc);
    CHECK(one(TrustQuery::By::country_cas, "DE").size() == 1); // the DSC and signer are no CAs
    CHECK(one(TrustQuery::By::country_cas, "FR").empty());
    CHECK(one(TrustQuery::By::crls_by_issuer, ca.subject_key).size() == 1);
    CHECK(index.find_sha256(dsc.sha256) == &dsc);
    CHECK(index.find_sha256("00") == nullptr);
  }

  TEST_CASE("merge keeps provenance once and a verified list clears the unverified flag") {
    Fixture f;
    IndexEntry a = entry_of(to_der(f.csca.get()), KindHint::automatic, StoreProvenance{{"a.ml"}, {"S1"}, {}, {}});
    a.unverified_list = true;
    IndexEntry b = a;
    b.provenance = StoreProvenance{{"a.ml", "b.ml"}, {"S2"}, {}, {}};
    mrtd::pki::merge_entry(a, b);
    CHECK(a.provenance.sources == std::vector<std::string>{"a.ml", "b.ml"});
    CHECK(a.provenance.list_signers == std::vector<std::string>{"S1", "S2"});
    CHECK(a.unverified_list);
    b.unverified_list = false;
    mrtd::pki::merge_entry(a, b);
    CHECK_FALSE(a.unverified_list);
  }
}

TEST_SUITE("pki::trust_store") {
  TEST_CASE("a resolver backs lookups, asked once per key, and its items chain") {
    Fixture f;
    const StoreIndex index({entry_of(to_der(f.csca.get())), entry_of(to_der(f.crl.get())),
                            entry_of(to_der(f.dsc.get()))});
    const std::map<std::string, Bytes> files{{index.entries()[0].sha256, to_der(f.csca.get())},
                                            {index.entries()[1].sha256, to_der(f.crl.get())},
                                            {index.entries()[2].sha256, to_der(f.dsc.get())}};
    std::atomic<int> asked{0};
    mrtd::pki::TrustStore store;
    store.set_resolver([&](const TrustQuery& query) {
      ++asked;
      std::vector<mrtd::pki::ResolvedItem> items;
      for (const IndexEntry* e : index.lookup(query)) {
        items.push_back({files.at(e->sha256), {"store:" + e->sha256.substr(0, 8)}});
      }
      return items;
    });
    CHECK(store.certificate_count() == 0);
    const auto& impl = store.impl();
    CHECK(store.has_ca_for_country("DE"));
    CHECK_FALSE(store.has_ca_for_country("FR"));
    CHECK(store.has_ca_for_country("DE"));
    CHECK(asked == 2); // DE once, FR once
    CHECK(impl.issuer_candidates(f.dsc.get()).size() == 1);
    CHECK(impl.crls_for(f.csca.get()).size() == 1);
    CHECK(impl.find_by_issuer_serial(X509_get_issuer_name(f.dsc.get()),
                                     X509_get0_serialNumber(f.dsc.get()))
              .size() == 1);
    CHECK(store.certificate_count() == 2); // CSCA (once, though several keys found it) + DSC
    CHECK(store.crl_count() == 1);
    CHECK(impl.entries[0].provenance.source.rfind("store:", 0) == 0);
    const int before = asked;
    CHECK(impl.find_by_ski(X509_get0_subject_key_id(f.csca.get())).size() == 1);
    CHECK(asked == before); // asked already through the DSC's AKI
    CHECK(impl.find_by_ski(X509_get0_subject_key_id(f.dsc.get())).size() == 1);
    CHECK(impl.find_by_ski(X509_get0_subject_key_id(f.dsc.get())).size() == 1);
    CHECK(asked == before + 1);
  }

  TEST_CASE("resolver lookups from several threads") {
    Fixture f;
    const Bytes ca = to_der(f.csca.get());
    mrtd::pki::TrustStore store;
    store.set_resolver([&](const TrustQuery& query) {
      std::vector<mrtd::pki::ResolvedItem> items;
      if (query.by == TrustQuery::By::subject || query.by == TrustQuery::By::subject_key_id ||
          query.by == TrustQuery::By::country_cas) {
        items.push_back({ca, {"store"}});
      }
      return items;
    });
    std::vector<std::thread> threads;
    std::atomic<int> found{0};
    for (int i = 0; i < 8; ++i) {
      threads.emplace_back([&] {
        for (int j = 0; j < 50; ++j) {
          found += static_cast<int>(store.impl().issuer_candidates(f.dsc.get()).size());
        }
      });
    }
    for (auto& thread : threads) {
      thread.join();
    }
    CHECK(found == 8 * 50);
    CHECK(store.certificate_count() == 1);
  }
}

TEST_SUITE("pki::store_index") {
  TEST_CASE("a seal signer is found by its VDS signer id (C + 2-character CN), index and memory") {
    Fixture f;
    CertSpec spec;
    spec.subject = "C=DE,O=Test,CN=TS";
    spec.serial = 0x27;
    const X509Ptr seal_signer = make_cert(spec, cached_key("prime256v1", 3), f.csca.get(), f.ca_key);
    const StoreIndex index({entry_of(to_der(f.csca.get())), entry_of(to_der(seal_signer.get())),
                            entry_of(to_der(f.signer.get()))});
    const auto found = index.lookup(TrustQuery{TrustQuery::By::vds_signer, "DETS"});
    REQUIRE(found.size() == 1);
    CHECK(found.front()->serial == "27");
    CHECK(index.lookup(TrustQuery{TrustQuery::By::vds_signer, "DEML"}).empty()); // CN too long
    CHECK(mrtd::pki::vds_signer_key(index.entries()[0]) == std::nullopt);        // CN "CSCA DE"

    mrtd::pki::TrustStore store;
    REQUIRE(store.add(to_der(seal_signer.get()), "seal.der"));
    REQUIRE(store.add(to_der(f.csca.get()), "csca.der"));
    CHECK(store.impl().find_by_vds_signer("DETS").size() == 1);
    CHECK(store.impl().find_by_vds_signer("FRTS").empty());
  }

  TEST_CASE("signers of a country and certificates by SHA-256 prefix (seals naming a hash)") {
    Fixture f;
    CertSpec spec;
    spec.subject = "C=DE,O=Test,CN=TS";
    spec.serial = 0x27;
    const X509Ptr seal_signer = make_cert(spec, cached_key("prime256v1", 3), f.csca.get(), f.ca_key);
    const auto signer_entry = entry_of(to_der(seal_signer.get()));
    const StoreIndex index({entry_of(to_der(f.csca.get())), signer_entry});
    // country_signers: end-entity certificates only (the CSCA of DE is not one).
    const auto signers = index.lookup(TrustQuery{TrustQuery::By::country_signers, "DE"});
    REQUIRE(signers.size() == 1);
    CHECK(signers.front()->sha256 == signer_entry.sha256);
    CHECK(index.lookup(TrustQuery{TrustQuery::By::country_signers, "FR"}).empty());
    // sha256_prefix: a DCC kid is the first 8 bytes (16 hex digits); longer prefixes narrow it.
    const std::string kid = signer_entry.sha256.substr(0, 16);
    CHECK(index.lookup(TrustQuery{TrustQuery::By::sha256_prefix, kid}).size() == 1);
    CHECK(index.lookup(TrustQuery{TrustQuery::By::sha256_prefix, signer_entry.sha256}).size() == 1);
    CHECK(index.lookup(TrustQuery{TrustQuery::By::sha256_prefix, kid.substr(0, 15)}).empty());
    std::string other = kid;
    other[15] = other[15] == '0' ? '1' : '0';
    CHECK(index.lookup(TrustQuery{TrustQuery::By::sha256_prefix, other}).empty());

    // The in-memory store answers the same, and asks a resolver for what it lacks.
    mrtd::pki::TrustStore store;
    REQUIRE(store.add(to_der(f.csca.get()), "csca.der"));
    int asked = 0;
    const auto der = to_der(seal_signer.get());
    store.set_resolver([&](const TrustQuery& query) {
      ++asked;
      std::vector<mrtd::pki::ResolvedItem> items;
      for (const auto* entry : index.lookup(query)) {
        if (entry->sha256 == signer_entry.sha256) {
          items.push_back({der, {"resolver"}});
        }
      }
      return items;
    });
    CHECK(store.impl().find_by_sha256_prefix(kid).size() == 1);
    CHECK(store.impl().signers_for_country("DE").size() == 1);
    CHECK(store.impl().signers_for_country("FR").empty());
    CHECK(asked >= 2);
  }
}
