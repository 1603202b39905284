// Specimen keys, certificates and CRL, following the CSCA and DSC profiles of Doc 9303-12 §7.

#include "chip/detail/specimen_parts.hpp"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>

#include <cstring>
#include <ctime>

namespace mrtd::chip::detail {

namespace {

using pki::detail::BioPtr;
using pki::detail::EvpMdCtxPtr;
using pki::detail::EvpPkeyPtr;
using pki::detail::X509CrlPtr;
using pki::detail::X509Ptr;
using Asn1TimePtr = pki::detail::Owned<ASN1_TIME, ASN1_TIME_free>;
using ExtensionPtr = pki::detail::Owned<X509_EXTENSION, X509_EXTENSION_free>;

Bytes bio_bytes(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  if (size <= 0 || data == nullptr) {
    return {};
  }
  return Bytes(data, data + size);
}

Asn1TimePtr asn1_time(UnixTime time) {
  // UTCTime up to 2049, GeneralizedTime after (RFC 5280 §4.1.2.5): ASN1_TIME_set chooses.
  return Asn1TimePtr(ASN1_TIME_set(nullptr, static_cast<std::time_t>(time)));
}

/// Adds one extension written in OpenSSL's configuration syntax (e.g. `critical,CA:TRUE`).
bool add_extension(X509* cert, X509V3_CTX* ctx, int nid, const char* value) {
  ExtensionPtr ext(X509V3_EXT_nconf_nid(nullptr, ctx, nid, value));
  return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

/// Signs with a fresh DigestSign context (needed for RSASSA-PSS parameters).
template <typename Sign> bool sign_with(const Signer& signer, Sign&& sign) {
  EvpMdCtxPtr context(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pkey_context = nullptr; // owned by `context`
  if (!context ||
      EVP_DigestSignInit(context.get(), &pkey_context, signer.md, nullptr, signer.key) != 1) {
    return false;
  }
  if (signer.pss && !set_pss(pkey_context, signer.md)) {
    return false;
  }
  return sign(context.get()) > 0;
}

} // namespace

Error ossl_error(const std::string& what, ErrorCode code) {
  const std::string detail = pki::detail::drain_errors();
  return make_error(code, detail.empty() ? what : what + " (" + detail + ")");
}

const EVP_MD* digest_of(SpecimenHash hash) noexcept {
  switch (hash) {
  case SpecimenHash::sha1:
    return EVP_sha1();
  case SpecimenHash::sha224:
    return EVP_sha224();
  case SpecimenHash::sha256:
    return EVP_sha256();
  case SpecimenHash::sha384:
    return EVP_sha384();
  case SpecimenHash::sha512:
    return EVP_sha512();
  }
  return EVP_sha256();
}

bool set_pss(EVP_PKEY_CTX* ctx, const EVP_MD* md) {
  return EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PSS_PADDING) > 0 &&
         EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx, RSA_PSS_SALTLEN_DIGEST) > 0 &&
         EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, md) > 0;
}

KeySpec key_spec(SpecimenAlgorithm algorithm, bool explicit_parameters) {
  switch (algorithm) {
  case SpecimenAlgorithm::rsa_pkcs1v15:
  case SpecimenAlgorithm::rsa_pss:
    return KeySpec{true, nullptr, false};
  case SpecimenAlgorithm::ecdsa_p256:
    return KeySpec{false, "prime256v1", explicit_parameters};
  case SpecimenAlgorithm::ecdsa_brainpool_p256r1:
    return KeySpec{false, "brainpoolP256r1", explicit_parameters};
  case SpecimenAlgorithm::ecdsa_brainpool_p384r1:
    return KeySpec{false, "brainpoolP384r1", explicit_parameters};
  }
  return KeySpec{};
}

Result<EvpPkeyPtr> load_or_generate_key(const std::optional<std::string>& pem, const KeySpec& spec,
                                        const char* role) {
  const std::string who = role;
  ERR_clear_error();
  EvpPkeyPtr key;
  if (pem) {
    BioPtr bio = pki::detail::memory_bio(pem->data(), pem->size());
    if (bio) {
      key.reset(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    }
    if (!key) {
      return ossl_error(who + " key: not an unencrypted PEM private key");
    }
    if (spec.rsa != (EVP_PKEY_is_a(key.get(), "RSA") == 1)) {
      return make_error(ErrorCode::invalid_argument, who + " key: the algorithm needs " +
                                                         (spec.rsa ? "an RSA" : "an EC") + " key");
    }
    if (!spec.rsa) {
      char group[80] = {};
      std::size_t length = 0;
      if (EVP_PKEY_is_a(key.get(), "EC") != 1 ||
          (EVP_PKEY_get_group_name(key.get(), group, sizeof group, &length) == 1 &&
           std::strcmp(group, spec.curve) != 0)) {
        return make_error(ErrorCode::invalid_argument,
                          who + " key: not on the curve " + spec.curve + " (" + group + ")");
      }
      ERR_clear_error(); // an explicit curve without a name is accepted
    }
  } else if (spec.rsa) {
    key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t{2048}));
  } else {
    key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", spec.curve));
  }
  if (!key) {
    return ossl_error(who + " key: generation failed", ErrorCode::unsupported);
  }
  if (!spec.rsa) {
    // Doc 9303-12 allows (and many states use) explicit domain parameters in the SPKI.
    const char* encoding =
        spec.explicit_parameters ? OSSL_PKEY_EC_ENCODING_EXPLICIT : OSSL_PKEY_EC_ENCODING_GROUP;
    if (EVP_PKEY_set_utf8_string_param(key.get(), OSSL_PKEY_PARAM_EC_ENCODING, encoding) != 1) {
      return ossl_error(who + " key: cannot set the parameter encoding", ErrorCode::unsupported);
    }
  }
  return key;
}

Result<Bytes> private_key_pem(EVP_PKEY* key) {
  ERR_clear_error();
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio ||
      PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return ossl_error("cannot write a private key", ErrorCode::unsupported);
  }
  return bio_bytes(bio.get());
}

Bytes certificate_pem(X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  return bio && PEM_write_bio_X509(bio.get(), cert) == 1 ? bio_bytes(bio.get()) : Bytes{};
}

Bytes crl_pem(X509_CRL* crl) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  return bio && PEM_write_bio_X509_CRL(bio.get(), crl) == 1 ? bio_bytes(bio.get()) : Bytes{};
}

Result<X509Ptr> make_certificate(const CertificateSpec& spec, const Signer& signer) {
  ERR_clear_error();
  X509Ptr cert(X509_new());
  if (!cert || X509_set_version(cert.get(), X509_VERSION_3) != 1 ||
      ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), spec.serial) != 1) {
    return ossl_error("certificate: allocation failed", ErrorCode::unsupported);
  }
  X509_NAME* subject = X509_get_subject_name(cert.get());
  for (const auto& [field, value] : spec.subject) {
    if (X509_NAME_add_entry_by_txt(subject, field.c_str(), MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1,
                                   0) != 1) {
      return ossl_error("certificate: bad name attribute " + field);
    }
  }
  const Asn1TimePtr not_before = asn1_time(spec.not_before);
  const Asn1TimePtr not_after = asn1_time(spec.not_after);
  if (X509_set_issuer_name(cert.get(), spec.issuer != nullptr ? X509_get_subject_name(spec.issuer)
                                                              : subject) != 1 ||
      !not_before || !not_after || X509_set1_notBefore(cert.get(), not_before.get()) != 1 ||
      X509_set1_notAfter(cert.get(), not_after.get()) != 1 ||
      X509_set_pubkey(cert.get(), spec.public_key) != 1) {
    return ossl_error("certificate: cannot set its fields");
  }

  X509V3_CTX context;
  X509V3_set_ctx(&context, spec.issuer != nullptr ? spec.issuer : cert.get(), cert.get(), nullptr,
                 nullptr, 0);
  // CSCA: 9303-12 §7.1.1 Table 6; DSC: Table 6 document signer column.
  const bool extensions_ok =
      spec.ca
          ? add_extension(cert.get(), &context, NID_basic_constraints,
                          "critical,CA:TRUE,pathlen:0") &&
                add_extension(cert.get(), &context, NID_key_usage, "critical,keyCertSign,cRLSign")
          : add_extension(cert.get(), &context, NID_key_usage, "critical,digitalSignature");
  if (!extensions_ok || !add_extension(cert.get(), &context, NID_subject_key_identifier, "hash") ||
      !add_extension(cert.get(), &context, NID_authority_key_identifier, "keyid:always")) {
    return ossl_error("certificate: cannot add its extensions");
  }
  if (!sign_with(signer, [&](EVP_MD_CTX* ctx) { return X509_sign_ctx(cert.get(), ctx); })) {
    return ossl_error("certificate: signing failed", ErrorCode::unsupported);
  }
  return cert;
}

Result<X509CrlPtr> make_crl(X509* issuer, const Signer& signer, UnixTime this_update,
                            UnixTime next_update, long revoked_serial, UnixTime revocation_date) {
  ERR_clear_error();
  X509CrlPtr crl(X509_CRL_new());
  const Asn1TimePtr last = asn1_time(this_update);
  const Asn1TimePtr next = asn1_time(next_update);
  if (!crl || !last || !next || X509_CRL_set_version(crl.get(), X509_CRL_VERSION_2) != 1 ||
      X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(issuer)) != 1 ||
      X509_CRL_set1_lastUpdate(crl.get(), last.get()) != 1 ||
      X509_CRL_set1_nextUpdate(crl.get(), next.get()) != 1) {
    return ossl_error("CRL: cannot set its fields");
  }
  if (revoked_serial >= 0) {
    using RevokedPtr = pki::detail::Owned<X509_REVOKED, X509_REVOKED_free>;
    RevokedPtr revoked(X509_REVOKED_new());
    pki::detail::Asn1IntegerPtr serial(ASN1_INTEGER_new());
    const Asn1TimePtr when = asn1_time(revocation_date);
    if (!revoked || !serial || !when || ASN1_INTEGER_set(serial.get(), revoked_serial) != 1 ||
        X509_REVOKED_set_serialNumber(revoked.get(), serial.get()) != 1 ||
        X509_REVOKED_set_revocationDate(revoked.get(), when.get()) != 1 ||
        X509_CRL_add0_revoked(crl.get(), revoked.get()) != 1) {
      return ossl_error("CRL: cannot add the revoked entry");
    }
    static_cast<void>(revoked.release()); // owned by the CRL now
  }
  X509V3_CTX context;
  X509V3_set_ctx(&context, issuer, nullptr, nullptr, crl.get(), 0);
  ExtensionPtr aki(
      X509V3_EXT_nconf_nid(nullptr, &context, NID_authority_key_identifier, "keyid:always"));
  pki::detail::Asn1IntegerPtr number(ASN1_INTEGER_new());
  if (!aki || !number || X509_CRL_add_ext(crl.get(), aki.get(), -1) != 1 ||
      ASN1_INTEGER_set(number.get(), 1) != 1 ||
      X509_CRL_add1_ext_i2d(crl.get(), NID_crl_number, number.get(), 0, 0) != 1 ||
      X509_CRL_sort(crl.get()) != 1) {
    return ossl_error("CRL: cannot add its extensions");
  }
  if (!sign_with(signer, [&](EVP_MD_CTX* ctx) { return X509_CRL_sign_ctx(crl.get(), ctx); })) {
    return ossl_error("CRL: signing failed", ErrorCode::unsupported);
  }
  return crl;
}

} // namespace mrtd::chip::detail
