#include "pki/master_list.hpp"

#include "pki/trust_store.hpp"

#include "test_pki.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>

using namespace mrtd::pki::test;
using mrtd::ErrorCode;
using mrtd::pki::ByteView;
using mrtd::pki::ListSignature;
using mrtd::pki::MasterList;
using mrtd::pki::read_master_list;
using mrtd::pki::TrustStore;

namespace {

// cases.json "now".
const mrtd::UnixTime k_now = mrtd::to_unix_time(mrtd::CivilDate{2026, 11, 29});

std::filesystem::path ml_dir() { return corpus_dir() / "gmrtd" / "masterlists"; }

TrustStore anchors_from(const std::vector<std::filesystem::path>& paths) {
  TrustStore store;
  for (const auto& path : paths) {
    const auto bytes = read_file(path);
    REQUIRE(bytes);
    REQUIRE(store.add(*bytes, path.filename().string()));
  }
  return store;
}

// Distinct upper-cased subject countries. cases.json's "countries" are distinct raw C strings,
// case-sensitive ("de" and "DE" twice): DE 2026 116, DE 2024 112, NL 134, ICAO 81, IT 58;
// upper-cased they are 112, 109, 129, 78, 54.
std::size_t countries(const MasterList& list) {
  std::set<std::string> seen;
  for (const Bytes& der : list.certificates) {
    if (const auto info = mrtd::pki::describe_certificate(der); info && info->subject_country) {
      seen.insert(*info->subject_country);
    }
  }
  return seen.size();
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// DER of `CscaMasterList ::= SEQUENCE { version INTEGER 0, certList SET OF Certificate }`
// (lengths up to 64 KiB, enough for test lists).
Bytes csca_master_list(const std::vector<Bytes>& certs) {
  const auto header = [](std::uint8_t tag, std::size_t size) {
    return Bytes{tag, 0x82, static_cast<std::uint8_t>(size >> 8),
                 static_cast<std::uint8_t>(size & 0xff)};
  };
  Bytes set_body;
  for (const Bytes& cert : certs) {
    set_body.insert(set_body.end(), cert.begin(), cert.end());
  }
  Bytes body{0x02, 0x01, 0x00};
  const Bytes set_header = header(0x31, set_body.size());
  body.insert(body.end(), set_header.begin(), set_header.end());
  body.insert(body.end(), set_body.begin(), set_body.end());
  Bytes out = header(0x30, body.size());
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

struct Synthetic {
  X509Ptr csca;
  X509Ptr signer;
  Bytes der; // the signed list
};

// A master list of `country` holding its own CSCA, signed by a signer that CSCA issued, with
// eContentType `content_type` (OpenSSL's CMS_PARTIAL / CMS_final route).
Synthetic make_list(const std::string& country, bool signer_eku,
                    const std::string& content_type = "2.23.136.1.1.2", int slot = 0) {
  Synthetic made;
  EVP_PKEY* csca_key = cached_key("prime256v1", 10 + slot);
  EVP_PKEY* signer_key = cached_key("prime256v1", 20 + slot);
  made.csca = make_ca("C=" + country + ",O=Test,CN=Test CSCA", csca_key, 100 + slot);
  CertSpec spec;
  spec.subject = "C=" + country + ",O=Test,CN=Test Master List Signer";
  spec.serial = 200 + slot;
  spec.extended_key_usage = signer_eku ? "critical,2.23.136.1.1.3" : "";
  made.signer = make_cert(spec, signer_key, made.csca.get(), csca_key);
  const Bytes content = csca_master_list({to_der(made.csca.get())});

  const unsigned int flags = CMS_PARTIAL | CMS_BINARY;
  CmsPtr cms(CMS_sign(nullptr, nullptr, nullptr, nullptr, flags));
  REQUIRE(cms);
  REQUIRE(CMS_add1_signer(cms.get(), made.signer.get(), signer_key, EVP_sha256(),
                          flags | CMS_USE_KEYID) != nullptr);
  Asn1ObjectPtr oid(OBJ_txt2obj(content_type.c_str(), 1));
  REQUIRE(CMS_set1_eContentType(cms.get(), oid.get()) == 1);
  BioPtr data = memory_bio(content.data(), content.size());
  REQUIRE(CMS_final(cms.get(), data.get(), nullptr, flags) == 1);
  unsigned char* der = nullptr;
  const int size = i2d_CMS_ContentInfo(cms.get(), &der);
  REQUIRE(size > 0);
  made.der.assign(der, der + size);
  OPENSSL_free(der);
  return made;
}

} // namespace

TEST_SUITE("pki::master_list") {
  TEST_CASE("the German lists verify against their root, across the key rollover") {
    const auto list_2026 = read_file(ml_dir() / "DE_ML_2026-05-28-08-28-45.ml");
    const auto list_2024 = read_file(ml_dir() / "DE_ML_2024-08-07-07-38-24.ml");
    if (!list_2026 || !list_2024) {
      MESSAGE("shared PA corpus absent: skipped");
      return;
    }
    const TrustStore csca07 = anchors_from({ml_dir() / "DE_ROOT_CA_CSCA07.cer"});

    // 2026-05: signer 0039 (ECDSA, explicit brainpool parameters) under CSCA07.
    const auto de2026 = read_master_list(*list_2026, csca07, k_now);
    REQUIRE(de2026);
    CHECK(de2026->certificates.size() == 588);
    CHECK(countries(*de2026) == 112);
    CHECK(de2026->problems.empty());
    CHECK(de2026->signature == ListSignature::verified);
    CAPTURE(de2026->signature_message);
    CHECK(de2026->country == "DE");
    REQUIRE(de2026->signer);
    CHECK(contains(de2026->signer->subject, "CSCA Master List Signer"));
    REQUIRE(de2026->anchor);
    CHECK(de2026->anchor->subject_key_id == "E8A62993EAE208AA203E49D7649BBAE1BA3560CB");
    CHECK_FALSE(de2026->anchored_in_list);
    CHECK(contains(de2026->signature_message, "ecdsa-with-SHA256 signature valid"));

    // 2024-08: signed under the previous DE CSCA, which CSCA07 is not.
    const auto de2024 = read_master_list(*list_2024, csca07, k_now);
    REQUIRE(de2024);
    CHECK(de2024->certificates.size() == 541);
    CHECK(countries(*de2024) == 109);
    CHECK(de2024->signature == ListSignature::invalid);
    CAPTURE(de2024->signature_message);
    CHECK(contains(de2024->signature_message, "signature valid")); // the maths is fine
    CHECK(contains(de2024->signature_message, "does not chain"));
    CHECK_FALSE(de2024->anchor);

    // With the DE CA certificates of the 2026 list among the anchors, the old key is there.
    TrustStore rollover = anchors_from({ml_dir() / "DE_ROOT_CA_CSCA07.cer"});
    for (const Bytes& der : de2026->certificates) {
      const auto info = mrtd::pki::describe_certificate(der);
      if (info && info->subject_country == "DE" && info->is_ca) {
        REQUIRE(rollover.add(der, "DE_ML_2026"));
      }
    }
    const auto de2024_rolled = read_master_list(*list_2024, rollover, k_now);
    REQUIRE(de2024_rolled);
    CAPTURE(de2024_rolled->signature_message);
    CHECK(de2024_rolled->signature == ListSignature::verified);
    REQUIRE(de2024_rolled->anchor);
    CHECK(de2024_rolled->anchor->subject_key_id != "E8A62993EAE208AA203E49D7649BBAE1BA3560CB");
    CHECK_FALSE(de2024_rolled->anchored_in_list);

    SUBCASE("without anchors the list is only self-consistent") {
      const auto alone = read_master_list(*list_2026, TrustStore{}, k_now);
      REQUIRE(alone);
      CHECK(alone->signature == ListSignature::verified);
      CHECK(alone->anchored_in_list);
      CHECK(contains(alone->signature_message, "self-consistent"));
    }
  }

  TEST_CASE("the Dutch list verifies against NL_ROOT_CA") {
    const auto bytes = read_file(ml_dir() / "NL_ML_2026-07-22.ml");
    if (!bytes) {
      MESSAGE("shared PA corpus absent: skipped");
      return;
    }
    const auto nl = read_master_list(*bytes, anchors_from({ml_dir() / "NL_ROOT_CA.cer"}), k_now);
    REQUIRE(nl);
    CAPTURE(nl->signature_message);
    CHECK(nl->certificates.size() == 411);
    CHECK(countries(*nl) == 129);
    CHECK(nl->signature == ListSignature::verified);
    CHECK(nl->country == "NL");
    REQUIRE(nl->anchor);
    CHECK(contains(nl->anchor->subject, "CSCA NL"));
    CHECK(nl->signing_time == "2026-07-23T09:35:43Z");

    SUBCASE("a byte flipped inside certList makes it invalid") {
      Bytes tampered = *bytes;
      const Bytes& last = nl->certificates.back();
      const auto at = std::search(tampered.begin(), tampered.end(), last.begin(), last.end());
      REQUIRE(at != tampered.end());
      *(at + static_cast<long>(last.size()) - 10) ^= 0x01; // inside its signature value
      const auto broken =
          read_master_list(tampered, anchors_from({ml_dir() / "NL_ROOT_CA.cer"}), k_now);
      REQUIRE(broken);
      CAPTURE(broken->signature_message);
      CHECK(broken->certificates.size() == 411);
      CHECK(broken->signature == ListSignature::invalid);
      CHECK(contains(broken->signature_message, "messageDigest does not match"));
    }
  }

  TEST_CASE("the ICAO list is tolerated: DigestInfo without NULL, anchored in the UN CSCA") {
    const auto bytes = read_file(corpus_dir() / "icao-pkd" / "ICAO_ml_September2023.ml");
    if (!bytes) {
      MESSAGE("shared PA corpus absent: skipped");
      return;
    }
    const auto icao = read_master_list(*bytes, TrustStore{}, k_now);
    REQUIRE(icao);
    CAPTURE(icao->signature_message);
    CHECK(icao->certificates.size() == 394);
    CHECK(countries(*icao) == 78);
    CHECK(icao->signature == ListSignature::tolerated);
    CHECK(contains(icao->signature_message, "DigestInfo without NULL"));
    CHECK(icao->signing_time == "2023-09-15T17:21:56Z");
    CHECK(icao->country == "UN");
    // The README: trust only if the UN CSCA is configured out-of-band. Without it, the list
    // anchors itself in its embedded UN CSCA, and says so.
    REQUIRE(icao->anchor);
    CHECK(contains(icao->anchor->subject, "United Nations CSCA"));
    CHECK(icao->anchored_in_list);
    CHECK(contains(icao->signature_message, "self-consistent"));
    CHECK(contains(icao->signature_message, "signer expired at 2026-11-29"));
    REQUIRE(icao->signer);
    CHECK(contains(icao->signer->subject, "ICAO Master List Signer"));

    SUBCASE("with the UN CSCA as an out-of-band anchor it is anchored there") {
      TrustStore un;
      for (const Bytes& der : icao->certificates) {
        const auto info = mrtd::pki::describe_certificate(der);
        if (info && info->subject_country == "UN") {
          REQUIRE(un.add(der, "UN CSCA (out-of-band)"));
        }
      }
      if (un.certificate_count() == 0) { // the UN CSCA is only among the CMS certificates
        REQUIRE(icao->anchor);
        MESSAGE("the UN CSCA is not in certList");
        return;
      }
      const auto anchored = read_master_list(*bytes, un, k_now);
      REQUIRE(anchored);
      CHECK(anchored->signature == ListSignature::tolerated);
      CHECK_FALSE(anchored->anchored_in_list);
    }
  }

  TEST_CASE("the Italian list: RSASSA-PSS, anchored in its own CSCA, defective LT CSCAs kept") {
    const auto bytes = read_file(corpus_dir() / "icao-pkd" / "IT_MasterListCSCA.ml");
    if (!bytes) {
      MESSAGE("shared PA corpus absent: skipped");
      return;
    }
    const auto it = read_master_list(*bytes, TrustStore{}, k_now);
    REQUIRE(it);
    CAPTURE(it->signature_message);
    CHECK(it->certificates.size() == 333);
    CHECK(countries(*it) == 54);
    CHECK(it->signature == ListSignature::verified);
    CHECK(it->anchored_in_list);
    CHECK(contains(it->signature_message, "RSASSA-PSS"));
    CHECK(contains(it->signature_message, "issuerAndSerialNumber"));
    CHECK(it->signing_time == "2023-07-31T10:47:05Z");
    CHECK(it->country == "IT");
    REQUIRE(it->anchor);
    CHECK(contains(it->anchor->subject, "Italian Country Signer CA"));
  }

  TEST_CASE("the content-only German list is an unsigned bundle") {
    const auto bytes = read_file(corpus_dir() / "icao-pkd" / "DE_masterList_content_only.bin");
    if (!bytes) {
      MESSAGE("shared PA corpus absent: skipped");
      return;
    }
    const auto de = read_master_list(*bytes, TrustStore{}, k_now);
    REQUIRE(de);
    CHECK(de->certificates.size() == 502);
    CHECK(de->signature == ListSignature::unverified);
    CHECK_FALSE(de->signer);
    CHECK_FALSE(de->signing_time);
    CHECK(contains(de->signature_message, "without CMS signature"));
  }

  TEST_CASE("synthetic lists: EKU, anchors, eContentType") {
    SUBCASE("a proper list verifies against its CSCA, and alone only self-consistently") {
      const Synthetic made = make_list("UT", true);
      TrustStore anchors;
      REQUIRE(anchors.add(to_der(made.csca.get()), "test CSCA"));
      const auto list = read_master_list(made.der, anchors, k_now);
      REQUIRE(list);
      CAPTURE(list->signature_message);
      CHECK(list->certificates.size() == 1);
      CHECK(list->signature == ListSignature::verified);
      CHECK_FALSE(list->anchored_in_list);
      CHECK(list->signing_time); // OpenSSL adds one
      const auto alone = read_master_list(made.der, TrustStore{}, k_now);
      REQUIRE(alone);
      CHECK(alone->signature == ListSignature::verified);
      CHECK(alone->anchored_in_list);
    }
    SUBCASE("a signer without the master list signer EKU is invalid") {
      const Synthetic made = make_list("UT", false, "2.23.136.1.1.2", 1);
      TrustStore anchors;
      REQUIRE(anchors.add(to_der(made.csca.get()), "test CSCA"));
      const auto list = read_master_list(made.der, anchors, k_now);
      REQUIRE(list);
      CAPTURE(list->signature_message);
      CHECK(list->signature == ListSignature::invalid);
      CHECK(contains(list->signature_message, "2.23.136.1.1.3"));
    }
    SUBCASE("a list's own CSCA does not override the anchors of its state") {
      // A forged "DE" list carrying its own DE CSCA: the real DE root is among the anchors.
      const Synthetic forged = make_list("DE", true, "2.23.136.1.1.2", 2);
      const auto root = read_file(ml_dir() / "DE_ROOT_CA_CSCA07.cer");
      if (!root) {
        MESSAGE("shared PA corpus absent: skipped");
        return;
      }
      TrustStore anchors;
      REQUIRE(anchors.add(*root, "CSCA07"));
      const auto list = read_master_list(forged.der, anchors, k_now);
      REQUIRE(list);
      CAPTURE(list->signature_message);
      CHECK(list->signature == ListSignature::invalid);
      CHECK_FALSE(list->anchored_in_list);
    }
    SUBCASE("no CSCA of the signer's state anywhere: unverified") {
      const Synthetic made = make_list("UT", true, "2.23.136.1.1.2", 3);
      const Synthetic other = make_list("UT", true, "2.23.136.1.1.2", 4);
      // The signer of `made` inside a list that only carries... nothing of UT: strip certList
      // by signing an empty list instead.
      const unsigned int flags = CMS_PARTIAL | CMS_BINARY;
      CmsPtr cms(CMS_sign(nullptr, nullptr, nullptr, nullptr, flags));
      REQUIRE(CMS_add1_signer(cms.get(), made.signer.get(), cached_key("prime256v1", 23),
                              EVP_sha256(), flags) != nullptr);
      Asn1ObjectPtr oid(OBJ_txt2obj("2.23.136.1.1.2", 1));
      REQUIRE(CMS_set1_eContentType(cms.get(), oid.get()) == 1);
      const Bytes content = csca_master_list({to_der(other.signer.get())}); // no CA
      BioPtr data = memory_bio(content.data(), content.size());
      REQUIRE(CMS_final(cms.get(), data.get(), nullptr, flags) == 1);
      unsigned char* der = nullptr;
      const int size = i2d_CMS_ContentInfo(cms.get(), &der);
      const Bytes signed_list(der, der + size);
      OPENSSL_free(der);
      const auto list = read_master_list(signed_list, TrustStore{}, k_now);
      REQUIRE(list);
      CAPTURE(list->signature_message);
      CHECK(list->signature == ListSignature::unverified);
      CHECK(contains(list->signature_message, "issuerAndSerialNumber"));
    }
    SUBCASE("a foreign eContentType is accepted with a problem") {
      const Synthetic made = make_list("UT", true, "1.2.840.113549.1.7.1", 5);
      const auto list = read_master_list(made.der, TrustStore{}, k_now);
      REQUIRE(list);
      REQUIRE(list->problems.size() == 1);
      CHECK(contains(list->problems[0], "1.2.840.113549.1.7.1"));
    }
  }

  TEST_CASE("garbage and truncated input are errors, never crashes") {
    CHECK(read_master_list({}, TrustStore{}, k_now).error().code == ErrorCode::malformed);
    const Bytes junk{0x30, 0x03, 0x02, 0x01};
    CHECK_FALSE(read_master_list(junk, TrustStore{}, k_now));
    const Bytes not_sequence{0x04, 0x02, 0x01, 0x02};
    CHECK_FALSE(read_master_list(not_sequence, TrustStore{}, k_now));
    const Bytes empty_list{0x30, 0x05, 0x02, 0x01, 0x00, 0x31, 0x00};
    const auto bare = read_master_list(empty_list, TrustStore{}, k_now);
    REQUIRE(bare);
    CHECK(bare->certificates.empty());
    const Bytes odd_entry{0x30, 0x08, 0x02, 0x01, 0x00, 0x31, 0x03, 0x04, 0x01, 0x00};
    const auto odd = read_master_list(odd_entry, TrustStore{}, k_now);
    REQUIRE(odd);
    CHECK(odd->certificates.empty());
    CHECK(odd->problems.size() == 1);

    const Synthetic made = make_list("UT", true, "2.23.136.1.1.2", 6);
    for (std::size_t size = 0; size < made.der.size(); size += 37) {
      const auto cut = read_master_list(ByteView(made.der.data(), size), TrustStore{}, k_now);
      CHECK_FALSE(cut);
    }
    const auto bytes = read_file(corpus_dir() / "icao-pkd" / "DE_masterList_content_only.bin");
    if (bytes) {
      for (const std::size_t size : {std::size_t{10}, bytes->size() / 2, bytes->size() - 1}) {
        CHECK_FALSE(read_master_list(ByteView(bytes->data(), size), TrustStore{}, k_now));
      }
    }
  }
}
