#include "pki/detail/signature.hpp"

#include "test_pki.hpp"

#include <doctest/doctest.h>

using namespace mrtd::pki::test;
using mrtd::pki::detail::digest_for;
using mrtd::pki::detail::fetched_digest;
using mrtd::pki::detail::verify_signer_info;
using mrtd::pki::detail::VerifyContextPool;

namespace {

constexpr const char* k_content = "LDSSecurityObject stand-in";

X509Ptr signer_cert(EVP_PKEY* key) {
  return make_cert(CertSpec{}, key, nullptr, key);
}

// Replaces the SignerInfo's signature with an RSA PKCS#1 v1.5 signature over a DigestInfo
// whose AlgorithmIdentifier lacks the NULL parameter (ICAO master list 2023-09 style). The
// hash is taken from the genuine signature, so the test does not re-implement the encoding.
void resign_without_null(CMS_SignerInfo* si, EVP_PKEY* key, bool corrupt_hash = false) {
  ASN1_OCTET_STRING* signature = CMS_SignerInfo_get0_signature(si);
  EvpPkeyCtxPtr recover(EVP_PKEY_CTX_new(key, nullptr));
  REQUIRE(EVP_PKEY_verify_recover_init(recover.get()) == 1);
  REQUIRE(EVP_PKEY_CTX_set_rsa_padding(recover.get(), RSA_PKCS1_PADDING) == 1);
  Bytes info(512);
  std::size_t info_size = info.size();
  REQUIRE(EVP_PKEY_verify_recover(recover.get(), info.data(), &info_size,
                                  ASN1_STRING_get0_data(signature),
                                  static_cast<std::size_t>(ASN1_STRING_length(signature))) == 1);
  info.resize(info_size);
  // SHA-256 DigestInfo with NULL: 30 31 30 0d 06 09 <oid> 05 00 04 20 <hash>
  REQUIRE(info.size() == 51);
  Bytes no_null{0x30, 0x2f, 0x30, 0x0b};
  no_null.insert(no_null.end(), info.begin() + 4, info.begin() + 15); // 06 09 <oid>
  no_null.insert(no_null.end(), info.begin() + 17, info.end());      // 04 20 <hash>
  if (corrupt_hash) {
    no_null.back() ^= 0x01;
  }
  EvpPkeyCtxPtr sign(EVP_PKEY_CTX_new(key, nullptr));
  REQUIRE(EVP_PKEY_sign_init(sign.get()) == 1);
  REQUIRE(EVP_PKEY_CTX_set_rsa_padding(sign.get(), RSA_PKCS1_PADDING) == 1);
  Bytes raw(static_cast<std::size_t>(EVP_PKEY_get_size(key)));
  std::size_t raw_size = raw.size();
  REQUIRE(EVP_PKEY_sign(sign.get(), raw.data(), &raw_size, no_null.data(), no_null.size()) == 1);
  ASN1_STRING_set(signature, raw.data(), static_cast<int>(raw_size));
}

void flip_signature_byte(CMS_SignerInfo* si) {
  ASN1_OCTET_STRING* signature = CMS_SignerInfo_get0_signature(si);
  Bytes bytes(ASN1_STRING_get0_data(signature),
              ASN1_STRING_get0_data(signature) + ASN1_STRING_length(signature));
  bytes[bytes.size() / 2] ^= 0x40;
  ASN1_STRING_set(signature, bytes.data(), static_cast<int>(bytes.size()));
}

} // namespace

TEST_SUITE("pki::signature") {
  TEST_CASE("CMS signatures made by the signer's key verify") {
    struct Case {
      const char* key;
      bool explicit_params;
      Padding padding;
      const EVP_MD* md;
      const char* algorithm;
    };
    const Case cases[] = {
        // OpenSSL's CMS signer writes rsaEncryption and leaves the hash to digestAlgorithm.
        {"rsa", false, Padding::pkcs1, EVP_sha256(), "rsaEncryption with SHA-256"},
        {"rsa", false, Padding::pss, EVP_sha256(), "RSASSA-PSS (SHA-256, MGF1-SHA-256, salt 32)"},
        {"rsa", false, Padding::pkcs1, EVP_sha1(), "rsaEncryption with SHA-1"},
        {"prime256v1", false, Padding::pkcs1, EVP_sha256(), "ecdsa-with-SHA256"},
        {"brainpoolP256r1", false, Padding::pkcs1, EVP_sha384(), "ecdsa-with-SHA384"},
        {"prime256v1", true, Padding::pkcs1, EVP_sha256(), "ecdsa-with-SHA256"},
        {"brainpoolP512r1", true, Padding::pkcs1, EVP_sha512(), "ecdsa-with-SHA512"},
    };
    for (const Case& c : cases) {
      CAPTURE(c.algorithm);
      CAPTURE(c.explicit_params);
      EVP_PKEY* key = cached_key(c.key, 0, c.explicit_params);
      const auto cert = reparse(signer_cert(key).get());
      const auto cms = reparse(make_cms(cert.get(), key, k_content, c.padding, c.md).get());
      REQUIRE(cms);
      const auto result = verify_signer_info(first_signer(cms.get()), cert.get());
      CHECK_MESSAGE(result.valid, result.message);
      CHECK_FALSE(result.quirk);
      CHECK(result.algorithm == c.algorithm);
      CHECK(ERR_peek_error() == 0);
    }
  }

  TEST_CASE("the algorithm is taken from the SignerInfo, not the certificate") {
    EVP_PKEY* key = cached_key("rsa");
    const auto cert = signer_cert(key); // the certificate says sha256WithRSAEncryption
    const auto cms = make_cms(cert.get(), key, k_content, Padding::pkcs1, EVP_sha384());
    X509_ALGOR* signature_algorithm = nullptr;
    CMS_SignerInfo_get0_algs(first_signer(cms.get()), nullptr, nullptr, nullptr,
                             &signature_algorithm);
    SUBCASE("sha384WithRSAEncryption") {
      X509_ALGOR_set0(signature_algorithm, OBJ_nid2obj(NID_sha384WithRSAEncryption), V_ASN1_NULL,
                      nullptr);
      const auto reread = reparse(cms.get());
      const auto result = verify_signer_info(first_signer(reread.get()), cert.get());
      CHECK_MESSAGE(result.valid, result.message);
      CHECK(result.algorithm == "sha384WithRSAEncryption");
    }
    SUBCASE("an ECDSA algorithm over an RSA signature fails") {
      X509_ALGOR_set0(signature_algorithm, OBJ_nid2obj(NID_ecdsa_with_SHA384), V_ASN1_UNDEF,
                      nullptr);
      const auto reread = reparse(cms.get());
      const auto result = verify_signer_info(first_signer(reread.get()), cert.get());
      CHECK_FALSE(result.valid);
      CHECK(result.algorithm == "ecdsa-with-SHA384");
    }
    CHECK(ERR_peek_error() == 0);
  }

  TEST_CASE("a flipped signature byte fails") {
    for (const char* kind : {"rsa", "prime256v1"}) {
      CAPTURE(kind);
      EVP_PKEY* key = cached_key(kind);
      const auto cert = signer_cert(key);
      const auto cms = reparse(make_cms(cert.get(), key, k_content).get());
      flip_signature_byte(first_signer(cms.get()));
      const auto result = verify_signer_info(first_signer(cms.get()), cert.get());
      CHECK_FALSE(result.valid);
      CHECK_FALSE(result.quirk);
      CHECK(result.message.find("does not verify") != std::string::npos);
      CHECK(ERR_peek_error() == 0);
    }
  }

  TEST_CASE("a signature made by another key fails") {
    for (const char* kind : {"rsa", "brainpoolP256r1"}) {
      CAPTURE(kind);
      const auto cert = signer_cert(cached_key(kind, 0));
      const auto impostor = signer_cert(cached_key(kind, 1));
      const auto cms = reparse(make_cms(impostor.get(), cached_key(kind, 1), k_content).get());
      CHECK_FALSE(verify_signer_info(first_signer(cms.get()), cert.get()).valid);
    }
  }

  TEST_CASE("RSASSA-PSS parameters other than the signature's, or refused by OpenSSL, fail") {
    EVP_PKEY* key = cached_key("rsa");
    const auto cert = signer_cert(key);
    // A genuine PSS signature (SHA-256, MGF1-SHA-256, salt 32) with one parameter changed.
    auto verify_with = [&](auto&& change) {
      const auto cms = make_cms(cert.get(), key, k_content, Padding::pss);
      X509_ALGOR* signature_algorithm = nullptr;
      CMS_SignerInfo_get0_algs(first_signer(cms.get()), nullptr, nullptr, nullptr,
                               &signature_algorithm);
      auto* params = static_cast<RSA_PSS_PARAMS*>(ASN1_TYPE_unpack_sequence(
          ASN1_ITEM_rptr(RSA_PSS_PARAMS), signature_algorithm->parameter));
      REQUIRE(params != nullptr);
      change(params);
      ASN1_STRING* packed = nullptr;
      REQUIRE(ASN1_item_pack(params, ASN1_ITEM_rptr(RSA_PSS_PARAMS), &packed) != nullptr);
      X509_ALGOR_set0(signature_algorithm, OBJ_nid2obj(NID_rsassaPss), V_ASN1_SEQUENCE, packed);
      RSA_PSS_PARAMS_free(params);
      const auto reread = reparse(cms.get());
      return verify_signer_info(first_signer(reread.get()), cert.get());
    };
    SUBCASE("unchanged: the control verifies") {
      const auto result = verify_with([](RSA_PSS_PARAMS*) {});
      CHECK_MESSAGE(result.valid, result.message);
    }
    SUBCASE("salt 20 (the default) declared while the signature used 32") {
      const auto result =
          verify_with([](RSA_PSS_PARAMS* params) { ASN1_INTEGER_set(params->saltLength, 20); });
      CHECK_FALSE(result.valid);
      CHECK(result.algorithm == "RSASSA-PSS (SHA-256, MGF1-SHA-256, salt 20)");
      CHECK(result.message.find("does not verify") != std::string::npos);
    }
    SUBCASE("a hash other than digestAlgorithm's") {
      const auto result = verify_with([](RSA_PSS_PARAMS* params) {
        X509_ALGOR_set0(params->hashAlgorithm, OBJ_nid2obj(NID_sha384), V_ASN1_NULL, nullptr);
      });
      CHECK_FALSE(result.valid);
      CHECK(result.message == "the RSASSA-PSS hash differs from the digestAlgorithm");
    }
    SUBCASE("a mask generation function other than MGF1") {
      const auto result = verify_with([](RSA_PSS_PARAMS* params) {
        ASN1_OBJECT_free(params->maskGenAlgorithm->algorithm);
        params->maskGenAlgorithm->algorithm = OBJ_nid2obj(NID_sha256);
      });
      CHECK_FALSE(result.valid);
      CHECK(result.message == "the RSASSA-PSS mask generation function is not MGF1");
    }
    SUBCASE("a trailer field other than 1") {
      const auto result = verify_with([](RSA_PSS_PARAMS* params) {
        params->trailerField = ASN1_INTEGER_new();
        ASN1_INTEGER_set(params->trailerField, 2);
      });
      CHECK_FALSE(result.valid);
      CHECK(result.message == "the RSASSA-PSS trailer field is not 1");
    }
    SUBCASE("a negative salt length") {
      const auto result = verify_with(
          [](RSA_PSS_PARAMS* params) { ASN1_INTEGER_set(params->saltLength, -1); });
      CHECK_FALSE(result.valid);
      CHECK(result.message == "the RSASSA-PSS salt length is invalid");
    }
    CHECK(ERR_peek_error() == 0);
  }

  TEST_CASE("attributes that break RFC 5652's placement rules fail, the signature untouched") {
    EVP_PKEY* key = cached_key("prime256v1");
    const auto cert = signer_cert(key);
    const auto cms = make_cms(cert.get(), key, k_content);
    // Unsigned attributes lie outside the signature: the signature itself stays valid.
    const Asn1ObjectPtr type(OBJ_txt2obj("2.23.136.1.1.1", 1));
    SUBCASE("control: a countersignature is an unsigned attribute") {
      const unsigned char bytes[] = {0x30, 0x00};
      REQUIRE(CMS_unsigned_add1_attr_by_NID(first_signer(cms.get()), NID_pkcs9_countersignature,
                                            V_ASN1_SEQUENCE, bytes, sizeof bytes) == 1);
      const auto result = verify_signer_info(first_signer(reparse(cms.get()).get()), cert.get());
      CHECK_MESSAGE(result.valid, result.message);
    }
    SUBCASE("contentType as an unsigned attribute") {
      REQUIRE(CMS_unsigned_add1_attr_by_NID(first_signer(cms.get()), NID_pkcs9_contentType,
                                            V_ASN1_OBJECT, type.get(), -1) == 1);
      const auto result = verify_signer_info(first_signer(reparse(cms.get()).get()), cert.get());
      CHECK_FALSE(result.valid);
      CHECK(result.message ==
            "the attributes break RFC 5652's rules: contentType as an unsigned attribute");
    }
    CHECK(ERR_peek_error() == 0);
  }

  TEST_CASE("a context pool gives the same results, keeping keys and algorithms apart") {
    EVP_PKEY* rsa = cached_key("rsa");
    EVP_PKEY* ec = cached_key("prime256v1");
    const auto rsa_cert = signer_cert(rsa);
    const auto ec_cert = signer_cert(ec);
    const auto pss = reparse(make_cms(rsa_cert.get(), rsa, k_content, Padding::pss).get());
    const auto v15 = reparse(make_cms(rsa_cert.get(), rsa, k_content).get());
    const auto v15_sha384 =
        reparse(make_cms(rsa_cert.get(), rsa, k_content, Padding::pkcs1, EVP_sha384()).get());
    const auto ecdsa = reparse(make_cms(ec_cert.get(), ec, k_content).get());
    // The PSS signature with salt 20 declared (it used 32): another context, which fails.
    const auto pss20 = make_cms(rsa_cert.get(), rsa, k_content, Padding::pss);
    {
      X509_ALGOR* algorithm = nullptr;
      CMS_SignerInfo_get0_algs(first_signer(pss20.get()), nullptr, nullptr, nullptr, &algorithm);
      auto* params = static_cast<RSA_PSS_PARAMS*>(
          ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(RSA_PSS_PARAMS), algorithm->parameter));
      REQUIRE(params != nullptr);
      ASN1_INTEGER_set(params->saltLength, 20);
      ASN1_STRING* packed = nullptr;
      REQUIRE(ASN1_item_pack(params, ASN1_ITEM_rptr(RSA_PSS_PARAMS), &packed) != nullptr);
      X509_ALGOR_set0(algorithm, OBJ_nid2obj(NID_rsassaPss), V_ASN1_SEQUENCE, packed);
      RSA_PSS_PARAMS_free(params);
    }
    const auto pss20_reread = reparse(pss20.get());
    const auto flipped = reparse(v15.get());
    flip_signature_byte(first_signer(flipped.get()));
    const auto ec_flipped = reparse(ecdsa.get());
    flip_signature_byte(first_signer(ec_flipped.get()));
    struct Case {
      CMS_ContentInfo* cms;
      const X509* cert;
      bool valid;
    };
    const Case cases[] = {
        {pss.get(), rsa_cert.get(), true},          {v15.get(), rsa_cert.get(), true},
        {pss20_reread.get(), rsa_cert.get(), false}, {v15_sha384.get(), rsa_cert.get(), true},
        {flipped.get(), rsa_cert.get(), false},      {ecdsa.get(), ec_cert.get(), true},
        {ec_flipped.get(), ec_cert.get(), false},    {v15.get(), ec_cert.get(), false},
    };
    VerifyContextPool pool;
    for (int round = 0; round < 3; ++round) {
      for (std::size_t i = 0; i < std::size(cases); ++i) {
        CAPTURE(round);
        CAPTURE(i);
        const Case& c = cases[i];
        const auto pooled = verify_signer_info(first_signer(c.cms), c.cert, &pool);
        const auto fresh = verify_signer_info(first_signer(c.cms), c.cert);
        CHECK(pooled.valid == c.valid);
        CHECK(pooled.message == fresh.message);
      }
    }
    CHECK(ERR_peek_error() == 0);
  }

  TEST_CASE("RSA DigestInfo without the NULL parameter is accepted as a quirk") {
    EVP_PKEY* key = cached_key("rsa");
    const auto cert = signer_cert(key);
    const auto cms = reparse(make_cms(cert.get(), key, k_content).get());
    SUBCASE("correct hash") {
      resign_without_null(first_signer(cms.get()), key);
      const auto result = verify_signer_info(first_signer(cms.get()), cert.get());
      CHECK(result.valid);
      CHECK(result.quirk);
      CHECK(result.message == "RSA DigestInfo without NULL parameter (tolerated)");
    }
    SUBCASE("wrong hash stays invalid") {
      resign_without_null(first_signer(cms.get()), key, true);
      const auto result = verify_signer_info(first_signer(cms.get()), cert.get());
      CHECK_FALSE(result.valid);
      CHECK_FALSE(result.quirk);
    }
    CHECK(ERR_peek_error() == 0);
  }

  TEST_CASE("a SignerInfo without signedAttrs is not verified") {
    EVP_PKEY* key = cached_key("prime256v1");
    const auto cert = signer_cert(key);
    const auto cms = reparse(
        make_cms(cert.get(), key, k_content, Padding::pkcs1, EVP_sha256(), true).get());
    const auto result = verify_signer_info(first_signer(cms.get()), cert.get());
    CHECK_FALSE(result.valid);
    CHECK(result.message.find("no signedAttrs") != std::string::npos);
  }

  TEST_CASE("digest_for maps SHA-1 and SHA-2 only, to the fetched digests") {
    for (const int nid : {NID_sha1, NID_sha224, NID_sha256, NID_sha384, NID_sha512}) {
      CAPTURE(nid);
      const EVP_MD* md = digest_for(OBJ_nid2obj(nid));
      REQUIRE(md != nullptr);
      CHECK(EVP_MD_get_type(md) == nid);
      CHECK(md == fetched_digest(nid));
    }
    CHECK(digest_for(OBJ_nid2obj(NID_md5)) == nullptr);
    CHECK(digest_for(OBJ_nid2obj(NID_sha3_256)) == nullptr);
    CHECK(fetched_digest(NID_md5) == nullptr);
  }

  TEST_CASE("a fetched digest hashes as the legacy one does") {
    const std::string data = "abc";
    for (const int nid : {NID_sha1, NID_sha224, NID_sha256, NID_sha384, NID_sha512}) {
      CAPTURE(nid);
      unsigned char fetched[EVP_MAX_MD_SIZE];
      unsigned char legacy[EVP_MAX_MD_SIZE];
      unsigned int fetched_size = 0;
      unsigned int legacy_size = 0;
      REQUIRE(EVP_Digest(data.data(), data.size(), fetched, &fetched_size, fetched_digest(nid),
                         nullptr) == 1);
      REQUIRE(EVP_Digest(data.data(), data.size(), legacy, &legacy_size, EVP_get_digestbynid(nid),
                         nullptr) == 1);
      CHECK(std::string(fetched, fetched + fetched_size) ==
            std::string(legacy, legacy + legacy_size));
    }
  }

  TEST_CASE("corpus: real SOD signatures verify with their DSC") {
    const auto dir = corpus_dir() / "gmrtd" / "sod";
    if (!std::filesystem::exists(dir)) {
      MESSAGE("corpus absent, skipped");
      return;
    }
    const std::map<std::string, std::string> algorithms{
        {"AT", "ecdsa-with-SHA256"},
        {"AU", "rsaEncryption with SHA-256"},
        {"CN", "sha256WithRSAEncryption"},
        {"DE", "ecdsa-with-SHA384"},
        {"FI", "ecdsa-with-SHA512"},
        {"FR", "sha256WithRSAEncryption"},
        {"ID", "RSASSA-PSS (SHA-256, MGF1-SHA-256, salt 32)"},
        {"MY", "RSASSA-PSS (SHA-256, MGF1-SHA-256, salt 32)"},
        {"NZ", "rsaEncryption with SHA-256"},
        {"PH", "RSASSA-PSS (SHA-256, MGF1-SHA-256, salt 32)"},
        {"RU", "ecdsa-with-SHA1"},
        {"SG", "RSASSA-PSS (SHA-256, MGF1-SHA-256, salt 32)"},
        {"UK", "ecdsa-with-SHA256"},
        {"US", "rsaEncryption with SHA-256"},
    };
    int valid = 0;
    for (const auto& country : std::filesystem::directory_iterator(dir)) {
      const std::string cc = country.path().filename().string();
      CAPTURE(cc);
      const auto cms = load_sod(country.path() / "EF_SOD.bin");
      REQUIRE(cms);
      X509StackPtr embedded(CMS_get1_certs(cms.get()));
      X509Ptr dsc = load_cert(country.path() / "dsc.der");
      const X509* signer = dsc ? dsc.get() : sk_X509_value(embedded.get(), 0);
      REQUIRE(signer != nullptr);
      const auto result = verify_signer_info(first_signer(cms.get()), signer);
      CHECK_MESSAGE(result.valid, result.message);
      CHECK_FALSE(result.quirk);
      CHECK(result.algorithm == algorithms.at(cc));
      valid += result.valid ? 1 : 0;
    }
    CHECK(valid == 14);
  }

  TEST_CASE("corpus: EF.CardSecurity signatures verify") {
    const auto dir = corpus_dir() / "gmrtd" / "sod";
    if (!std::filesystem::exists(dir)) {
      MESSAGE("corpus absent, skipped");
      return;
    }
    for (const char* cc : {"DE", "FI"}) {
      CAPTURE(cc);
      const auto cms = load_sod(dir / cc / "EF_CardSecurity.bin");
      REQUIRE(cms);
      X509StackPtr embedded(CMS_get1_certs(cms.get()));
      REQUIRE(sk_X509_num(embedded.get()) >= 1);
      const auto result = verify_signer_info(first_signer(cms.get()), sk_X509_value(embedded.get(), 0));
      CHECK_MESSAGE(result.valid, result.message);
    }
  }

  TEST_CASE("corpus: a SOD with a corrupted last byte fails") {
    const auto dir = corpus_dir() / "gmrtd";
    if (!std::filesystem::exists(dir / "negative")) {
      MESSAGE("corpus absent, skipped");
      return;
    }
    const auto cms = load_sod(dir / "negative" / "DE_EF_SOD_corrupted_lastbyte.bin");
    REQUIRE(cms);
    const auto dsc = load_cert(dir / "sod" / "DE" / "dsc.der");
    REQUIRE(dsc);
    const auto result = verify_signer_info(first_signer(cms.get()), dsc.get());
    CHECK_FALSE(result.valid);
    CHECK_FALSE(result.quirk);
    CHECK(ERR_peek_error() == 0);
  }
}
