#include "chip/specimen.hpp"
#include "pki/detail/ossl.hpp"

#include <doctest/doctest.h>
#include <openssl/cms.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <fstream>
#include <iterator>
#include <set>
#include <string>

using namespace mrtd::chip;
namespace ossl = mrtd::pki::detail;

namespace {

using Bytes = std::vector<std::uint8_t>;

const std::string k_keys = MRTD_SOURCE_DIR "/tests/gen/keys/";

std::string read_key(const std::string& name) {
  std::ifstream in(k_keys + name + ".TEST-ONLY.key.pem", std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

/// Options with the committed keys of `prefix` (rsa, p256, brainpoolP256r1), so that RSA output
/// is reproducible.
SpecimenOptions with_keys(SpecimenAlgorithm algorithm, const std::string& prefix) {
  SpecimenOptions options;
  options.algorithm = algorithm;
  options.keys.csca = read_key(prefix + "-csca");
  options.keys.dsc = read_key(prefix + "-dsc");
  options.keys.aa = read_key(prefix + "-aa");
  options.keys.foreign_csca = read_key(prefix + "-aa"); // any other key of the family
  return options;
}

Specimen make(const SpecimenOptions& options) {
  auto specimen = make_specimen(options);
  REQUIRE_MESSAGE(specimen.has_value(), (specimen ? "" : specimen.error().message));
  return std::move(*specimen);
}

const Bytes& file(const Specimen& specimen, const std::string& name) {
  const SpecimenFile* found = specimen.find(name);
  REQUIRE_MESSAGE(found != nullptr, name);
  return found->bytes;
}

/// The CMS inside EF.SOD, after checking the 0x77 wrapper.
ossl::CmsPtr sod_cms(const Specimen& specimen) {
  const Bytes& sod = file(specimen, "EF_SOD.bin");
  REQUIRE(sod.size() > 4);
  REQUIRE(sod[0] == 0x77);
  REQUIRE(sod[1] == 0x82); // two length bytes for a few KiB
  const std::size_t length = (std::size_t{sod[2]} << 8) | sod[3];
  REQUIRE(length + 4 == sod.size());
  ossl::BioPtr bio = ossl::memory_bio(sod.data() + 4, sod.size() - 4);
  ossl::CmsPtr cms(d2i_CMS_bio(bio.get(), nullptr));
  REQUIRE(cms != nullptr);
  return cms;
}

/// The one SignerInfo, with its certificate looked up among the embedded ones.
CMS_SignerInfo* signer_of(CMS_ContentInfo* cms) {
  STACK_OF(CMS_SignerInfo)* infos = CMS_get0_SignerInfos(cms);
  REQUIRE(sk_CMS_SignerInfo_num(infos) == 1);
  REQUIRE(CMS_set1_signers_certs(cms, nullptr, 0) == 1);
  return sk_CMS_SignerInfo_value(infos, 0);
}

/// The signature over content and attributes, without any certificate chain.
bool cms_verifies(CMS_ContentInfo* cms) {
  ossl::BioPtr out(BIO_new(BIO_s_mem()));
  const bool ok = CMS_verify(cms, nullptr, nullptr, nullptr, out.get(),
                             CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY) == 1;
  ERR_clear_error();
  return ok;
}

std::string text_of(const ASN1_OBJECT* object) {
  char buffer[80];
  OBJ_obj2txt(buffer, sizeof buffer, object, 1);
  return buffer;
}

void free_any(ASN1_SEQUENCE_ANY* items) {
  sk_ASN1_TYPE_pop_free(items, ASN1_TYPE_free);
}
using AnyPtr = ossl::Owned<ASN1_SEQUENCE_ANY, free_any>;

/// The SEQUENCE elements of a DER SEQUENCE.
std::vector<Bytes> sequence_items(const Bytes& der) {
  const unsigned char* p = der.data();
  AnyPtr items(d2i_ASN1_SEQUENCE_ANY(nullptr, &p, static_cast<long>(der.size())));
  REQUIRE(items != nullptr);
  std::vector<Bytes> out;
  for (int i = 0; i < sk_ASN1_TYPE_num(items.get()); ++i) {
    unsigned char* item = nullptr;
    const int size = i2d_ASN1_TYPE(sk_ASN1_TYPE_value(items.get(), i), &item);
    out.emplace_back(item, item + size);
    OPENSSL_free(item);
  }
  return out;
}

Bytes sha256(const Bytes& data) {
  Bytes digest(32);
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), digest.data(), &size, EVP_sha256(), nullptr);
  return digest;
}

ossl::X509Ptr certificate(const Specimen& specimen, const std::string& name) {
  const Bytes& pem = file(specimen, name);
  ossl::BioPtr bio = ossl::memory_bio(pem.data(), pem.size());
  ossl::X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  REQUIRE(cert != nullptr);
  return cert;
}

std::string ec_encoding(X509* cert) {
  EVP_PKEY* key = X509_get0_pubkey(cert);
  char encoding[32] = {};
  std::size_t length = 0;
  REQUIRE(EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_EC_ENCODING, encoding,
                                         sizeof encoding, &length) == 1);
  return encoding;
}

/// Names of the files that differ between `a` and `b`, or exist in only one.
std::set<std::string> differing(const Specimen& a, const Specimen& b) {
  std::set<std::string> names;
  for (const SpecimenFile& f : a.files) {
    const SpecimenFile* other = b.find(f.name);
    if (other == nullptr || other->bytes != f.bytes) {
      names.insert(f.name);
    }
  }
  for (const SpecimenFile& f : b.files) {
    if (a.find(f.name) == nullptr) {
      names.insert(f.name);
    }
  }
  return names;
}

} // namespace

TEST_SUITE("chip::specimen") {
  TEST_CASE("a genuine RSA specimen decodes: 0x77 SignedData, LSO hashes of each DG, signature") {
    const Specimen specimen = make(with_keys(SpecimenAlgorithm::rsa_pkcs1v15, "rsa"));
    ossl::CmsPtr cms = sod_cms(specimen);
    CHECK(text_of(CMS_get0_eContentType(cms.get())) == "2.23.136.1.1.1");
    CHECK(cms_verifies(cms.get()));

    ASN1_OCTET_STRING** content = CMS_get0_content(cms.get());
    REQUIRE(content != nullptr);
    const Bytes lso(ASN1_STRING_get0_data(*content),
                    ASN1_STRING_get0_data(*content) + ASN1_STRING_length(*content));
    const std::vector<Bytes> fields = sequence_items(lso);
    REQUIRE(fields.size() == 3);
    CHECK(fields[0] == Bytes{0x02, 0x01, 0x00}); // version v0
    const std::vector<Bytes> algorithm = sequence_items(fields[1]);
    CHECK(algorithm.size() == 1); // sha256, parameters absent
    const std::vector<Bytes> hashes = sequence_items(fields[2]);
    REQUIRE(hashes.size() == 2);
    for (int dg = 1; dg <= 2; ++dg) {
      const std::vector<Bytes> entry = sequence_items(hashes[static_cast<std::size_t>(dg - 1)]);
      REQUIRE(entry.size() == 2);
      CHECK(entry[0] == Bytes{0x02, 0x01, static_cast<std::uint8_t>(dg)});
      Bytes expected = {0x04, 0x20};
      const Bytes digest = sha256(file(specimen, "DG" + std::to_string(dg) + ".bin"));
      expected.insert(expected.end(), digest.begin(), digest.end());
      CHECK(entry[1] == expected);
    }
    CHECK(specimen.mrz_lines ==
          std::vector<std::string>{"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                                   "L898902C36UTO7408122F3506307ZE184226B<<<<<12"});
    CHECK(file(specimen, "EF_COM.bin") == Bytes{0x60, 0x14, 0x5F, 0x01, 0x04, '0', '1', '0',
                                                '7',  0x5F, 0x36, 0x06, '0',  '4', '0', '0',
                                                '0',  '0',  0x5C, 0x02, 0x61, 0x75});
    CHECK(specimen.find("DG14.bin") == nullptr);
    CHECK(specimen.find("csca.TEST-ONLY.key.pem")->secret);
    CHECK_FALSE(specimen.find("csca.pem")->secret);
  }

  TEST_CASE("signingTime is the fixed one, and the SignerIdentifier takes the chosen form") {
    SpecimenOptions options = with_keys(SpecimenAlgorithm::rsa_pss, "rsa");
    options.signer_id = SignerIdForm::subject_key_id;
    const Specimen specimen = make(options);
    ossl::CmsPtr cms = sod_cms(specimen);
    CMS_SignerInfo* si = signer_of(cms.get());
    const int index = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1);
    REQUIRE(index >= 0);
    ASN1_TYPE* value = X509_ATTRIBUTE_get0_type(CMS_signed_get_attr(si, index), 0);
    REQUIRE(value->type == V_ASN1_UTCTIME);
    CHECK(ASN1_TIME_cmp_time_t(value->value.utctime, 1751371200) == 0);

    ASN1_OCTET_STRING* key_id = nullptr;
    CHECK(CMS_SignerInfo_get0_signer_id(si, &key_id, nullptr, nullptr) == 1);
    CHECK(key_id != nullptr);
    X509_ALGOR* signature_algorithm = nullptr;
    CMS_SignerInfo_get0_algs(si, nullptr, nullptr, nullptr, &signature_algorithm);
    const ASN1_OBJECT* oid = nullptr;
    X509_ALGOR_get0(&oid, nullptr, nullptr, signature_algorithm);
    CHECK(text_of(oid) == "1.2.840.113549.1.1.10"); // RSASSA-PSS
    CHECK(cms_verifies(cms.get()));
  }

  TEST_CASE("RSA PKCS#1 v1.5 output is byte-identical across runs with the same keys") {
    SpecimenOptions options = with_keys(SpecimenAlgorithm::rsa_pkcs1v15, "rsa");
    options.with_aa = true;
    const Specimen a = make(options);
    const Specimen b = make(options);
    CHECK(differing(a, b).empty());
    CHECK(a.find("DG15.bin") != nullptr);
    CHECK(a.find("DG14.bin") == nullptr); // RSA AA needs no ActiveAuthenticationInfo
  }

  TEST_CASE("EC specimens: named or explicit parameters in the CSCA and DSC keys, DG14 for AA") {
    SUBCASE("P-256 named, with EC Active Authentication") {
      SpecimenOptions options = with_keys(SpecimenAlgorithm::ecdsa_p256, "p256");
      options.with_aa = true;
      const Specimen specimen = make(options);
      CHECK(ec_encoding(certificate(specimen, "dsc.pem").get()) == "named_curve");
      const Bytes& dg14 = file(specimen, "DG14.bin");
      CHECK(dg14[0] == 0x6E);
      CHECK(file(specimen, "DG15.bin")[0] == 0x6F);
      ossl::CmsPtr cms = sod_cms(specimen);
      CHECK(cms_verifies(cms.get()));
    }
    SUBCASE("brainpoolP256r1 explicit") {
      SpecimenOptions options =
          with_keys(SpecimenAlgorithm::ecdsa_brainpool_p256r1, "brainpoolP256r1");
      options.explicit_parameters = true;
      const Specimen specimen = make(options);
      CHECK(ec_encoding(certificate(specimen, "dsc.pem").get()) == "explicit");
      CHECK(ec_encoding(certificate(specimen, "csca.pem").get()) == "explicit");
      ossl::CmsPtr cms = sod_cms(specimen);
      CHECK(cms_verifies(cms.get()));
    }
    SUBCASE("brainpoolP384r1 with generated keys and SHA-384") {
      SpecimenOptions options;
      options.algorithm = SpecimenAlgorithm::ecdsa_brainpool_p384r1;
      options.signature_hash = SpecimenHash::sha384;
      options.lds_hash = SpecimenHash::sha512;
      const Specimen specimen = make(options);
      ossl::CmsPtr cms = sod_cms(specimen);
      CHECK(cms_verifies(cms.get()));
    }
  }

  TEST_CASE("signature corruption fails CMS verification; attribute corruptions keep it valid") {
    const SpecimenOptions base = with_keys(SpecimenAlgorithm::ecdsa_p256, "p256");
    SUBCASE("signature") {
      SpecimenOptions options = base;
      options.corrupt = {Corruption::signature};
      ossl::CmsPtr cms = sod_cms(make(options));
      CHECK_FALSE(cms_verifies(cms.get()));
    }
    SUBCASE("message_digest: signature over the attributes verifies, the digest does not") {
      SpecimenOptions options = base;
      options.corrupt = {Corruption::message_digest};
      ossl::CmsPtr cms = sod_cms(make(options));
      CMS_SignerInfo* si = signer_of(cms.get());
      CHECK(CMS_SignerInfo_verify(si) == 1);
      CHECK_FALSE(cms_verifies(cms.get()));
    }
    SUBCASE("content_type_attribute: id-data, signed") {
      SpecimenOptions options = base;
      options.corrupt = {Corruption::content_type_attribute};
      ossl::CmsPtr cms = sod_cms(make(options));
      CMS_SignerInfo* si = signer_of(cms.get());
      CHECK(CMS_SignerInfo_verify(si) == 1);
      const int index = CMS_signed_get_attr_by_NID(si, NID_pkcs9_contentType, -1);
      REQUIRE(index >= 0);
      ASN1_TYPE* value = X509_ATTRIBUTE_get0_type(CMS_signed_get_attr(si, index), 0);
      CHECK(text_of(value->value.object) == "1.2.840.113549.1.7.1");
    }
    SUBCASE("no_signed_attributes: signature straight over eContent") {
      SpecimenOptions options = base;
      options.corrupt = {Corruption::no_signed_attributes};
      ossl::CmsPtr cms = sod_cms(make(options));
      CHECK(CMS_signed_get_attr_count(signer_of(cms.get())) < 0);
      CHECK(cms_verifies(cms.get()));
    }
  }

  TEST_CASE("each corruption changes what it should and only that") {
    const SpecimenOptions base = with_keys(SpecimenAlgorithm::rsa_pkcs1v15, "rsa");
    const Specimen genuine = make(base);
    const std::string key = "foreign-csca.TEST-ONLY.key.pem";
    const std::vector<std::pair<Corruption, std::set<std::string>>> expected = {
        {Corruption::dg1_hash, {"DG1.bin"}},
        {Corruption::dg2_hash, {"DG2.bin"}},
        {Corruption::signature, {"EF_SOD.bin"}},
        {Corruption::message_digest, {"EF_SOD.bin"}},
        {Corruption::content_type_attribute, {"EF_SOD.bin"}},
        {Corruption::no_signed_attributes, {"EF_SOD.bin"}},
        {Corruption::inject_dg, {"DG13.bin"}},
        {Corruption::dsc_self_signed, {"dsc.pem", "EF_SOD.bin"}},
        {Corruption::foreign_csca, {"dsc.pem", "EF_SOD.bin", key}},
        {Corruption::foreign_country, {"csca.pem", "dsc.pem", "crl.pem", "EF_SOD.bin", key}},
        {Corruption::expired_dsc, {"dsc.pem", "EF_SOD.bin"}},
        {Corruption::revoked, {"crl.pem"}},
        {Corruption::com_mismatch, {"EF_COM.bin"}},
        {Corruption::mrz_check_digit, {"DG1.bin", "EF_SOD.bin"}},
    };
    REQUIRE(expected.size() == all_corruptions().size());
    for (const auto& [corruption, files] : expected) {
      CAPTURE(to_string(corruption));
      SpecimenOptions options = base;
      options.corrupt = {corruption};
      const Specimen forged = make(options);
      CHECK(differing(genuine, forged) == files);
      CHECK(parse_corruption(to_string(corruption)) == corruption);
      CHECK(expected_failing_check(corruption).substr(0, 5) == "chip.");
    }
  }

  TEST_CASE("corruptions alter the expected bytes") {
    const SpecimenOptions base = with_keys(SpecimenAlgorithm::rsa_pkcs1v15, "rsa");
    SUBCASE("mrz_check_digit: document-number digit wrong, composite recomputed") {
      SpecimenOptions options = base;
      options.corrupt = {Corruption::mrz_check_digit};
      const Specimen specimen = make(options);
      CHECK(specimen.mrz_lines[1] == "L898902C37UTO7408122F3506307ZE184226B<<<<<19");
    }
    SUBCASE("dg1_hash: one surname letter") {
      SpecimenOptions options = base;
      options.corrupt = {Corruption::dg1_hash};
      CHECK(make(options).mrz_lines[0] == "P<UTOFRIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<");
    }
    SUBCASE("com_mismatch: DG3 listed") {
      SpecimenOptions options = base;
      options.corrupt = {Corruption::com_mismatch};
      const Specimen specimen = make(options); // keeps the file alive while `com` is read
      const Bytes& com = file(specimen, "EF_COM.bin");
      CHECK(Bytes(com.end() - 5, com.end()) == Bytes{0x5C, 0x03, 0x61, 0x75, 0x63});
    }
    SUBCASE("revoked: the CRL lists the DSC's serial") {
      SpecimenOptions options = base;
      options.corrupt = {Corruption::revoked};
      const Specimen specimen = make(options);
      const Bytes& pem = file(specimen, "crl.pem");
      ossl::BioPtr bio = ossl::memory_bio(pem.data(), pem.size());
      ossl::X509CrlPtr crl(PEM_read_bio_X509_CRL(bio.get(), nullptr, nullptr, nullptr));
      REQUIRE(crl != nullptr);
      X509_REVOKED* entry = nullptr;
      ossl::X509Ptr dsc = certificate(specimen, "dsc.pem");
      CHECK(X509_CRL_get0_by_cert(crl.get(), &entry, dsc.get()) == 1);
      ossl::X509Ptr csca = certificate(specimen, "csca.pem");
      CHECK(X509_CRL_verify(crl.get(), X509_get0_pubkey(csca.get())) == 1);
    }
    SUBCASE("expired_dsc: valid at signing, expired a day later") {
      SpecimenOptions options = base;
      options.corrupt = {Corruption::expired_dsc};
      ossl::X509Ptr dsc = certificate(make(options), "dsc.pem");
      CHECK(ASN1_TIME_cmp_time_t(X509_get0_notAfter(dsc.get()), 1751371200 + 86400) == 0);
    }
    SUBCASE("foreign_country: the anchor is a CSCA of C=DE that issued the DSC") {
      SpecimenOptions options = base;
      options.corrupt = {Corruption::foreign_country};
      const Specimen specimen = make(options);
      ossl::X509Ptr csca = certificate(specimen, "csca.pem");
      ossl::X509Ptr dsc = certificate(specimen, "dsc.pem");
      CHECK(X509_verify(dsc.get(), X509_get0_pubkey(csca.get())) == 1);
      const X509_NAME* subject = X509_get_subject_name(csca.get());
      char country[8] = {};
      X509_NAME_get_text_by_NID(const_cast<X509_NAME*>(subject), NID_countryName, country,
                                sizeof country);
      CHECK(std::string(country) == "DE");
    }
    SUBCASE("foreign_csca and dsc_self_signed: the DSC does not verify with csca.pem") {
      for (const Corruption corruption : {Corruption::foreign_csca, Corruption::dsc_self_signed}) {
        SpecimenOptions options = base;
        options.corrupt = {corruption};
        const Specimen specimen = make(options);
        ossl::X509Ptr csca = certificate(specimen, "csca.pem");
        ossl::X509Ptr dsc = certificate(specimen, "dsc.pem");
        CHECK(X509_verify(dsc.get(), X509_get0_pubkey(csca.get())) != 1);
        CHECK(X509_NAME_cmp(X509_get_subject_name(dsc.get()),
                            X509_get_subject_name(certificate(make(base), "dsc.pem").get())) == 0);
        ERR_clear_error();
      }
    }
  }

  TEST_CASE("bad options are invalid_argument errors") {
    SUBCASE("an EC key for an RSA specimen") {
      SpecimenOptions options;
      options.keys.csca = read_key("p256-csca");
      const auto result = make_specimen(options);
      REQUIRE_FALSE(result.has_value());
      CHECK(result.error().code == mrtd::ErrorCode::invalid_argument);
    }
    SUBCASE("a key on another curve") {
      SpecimenOptions options;
      options.algorithm = SpecimenAlgorithm::ecdsa_brainpool_p256r1;
      options.keys.csca = read_key("p256-csca");
      const auto result = make_specimen(options);
      REQUIRE_FALSE(result.has_value());
      CHECK(result.error().message.find("brainpoolP256r1") != std::string::npos);
    }
    SUBCASE("an impossible birth date") {
      SpecimenOptions options = with_keys(SpecimenAlgorithm::rsa_pkcs1v15, "rsa");
      options.holder.birth_date = "1974-02-30";
      const auto result = make_specimen(options);
      REQUIRE_FALSE(result.has_value());
      CHECK(result.error().message.rfind("DG1: ", 0) == 0);
    }
    SUBCASE("a validity ending before it starts") {
      SpecimenOptions options;
      options.dsc_not_after = options.dsc_not_before;
      CHECK_FALSE(make_specimen(options).has_value());
    }
  }

  TEST_CASE("names of algorithms, hashes and corruptions round-trip") {
    for (const auto algorithm :
         {SpecimenAlgorithm::rsa_pkcs1v15, SpecimenAlgorithm::rsa_pss,
          SpecimenAlgorithm::ecdsa_p256, SpecimenAlgorithm::ecdsa_brainpool_p256r1,
          SpecimenAlgorithm::ecdsa_brainpool_p384r1}) {
      CHECK(parse_specimen_algorithm(to_string(algorithm)) == algorithm);
    }
    CHECK(parse_specimen_hash("sha384") == SpecimenHash::sha384);
    CHECK_FALSE(parse_specimen_hash("md5").has_value());
    CHECK_FALSE(parse_corruption("everything").has_value());
    CHECK(expected_failing_check(Corruption::inject_dg) == "chip.dg13.hash");
  }
}
