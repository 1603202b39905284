// Seal signatures over raw bytes: ECDSA r||s <-> DER ECDSA-Sig-Value, RSASSA-PSS for DCC.

#include "seal/detail/crypto.hpp"
#include "seal/seal.hpp"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

namespace mrtd::seal {

namespace detail {

namespace {

using pki::detail::EvpMdCtxPtr;

using EcdsaSigPtr = pki::detail::Owned<ECDSA_SIG, ECDSA_SIG_free>;

bool is_ec(EVP_PKEY* key) {
  return EVP_PKEY_is_a(key, "EC") == 1;
}

bool is_rsa(EVP_PKEY* key) {
  return EVP_PKEY_is_a(key, "RSA") == 1 || EVP_PKEY_is_a(key, "RSA-PSS") == 1;
}

const EVP_MD* digest_for(barcode::SignatureAlgorithm algorithm, EVP_PKEY* key) {
  using enum barcode::SignatureAlgorithm;
  switch (algorithm) {
  case ecdsa_by_curve: return digest_by_curve_size(EVP_PKEY_get_bits(key));
  case ecdsa_sha256:
  case rsassa_pss_sha256: return EVP_sha256();
  case ecdsa_sha384: return EVP_sha384();
  case ecdsa_sha512: return EVP_sha512();
  }
  return nullptr;
}

std::string digest_name(const EVP_MD* md) {
  return md == EVP_sha224()   ? "SHA-224"
         : md == EVP_sha256() ? "SHA-256"
         : md == EVP_sha384() ? "SHA-384"
                              : "SHA-512";
}

// Half the size of an ECDSA r||s value: the byte size of the group order.
std::size_t half_size(EVP_PKEY* key) {
  return static_cast<std::size_t>((EVP_PKEY_get_bits(key) + 7) / 8);
}

// DER ECDSA-Sig-Value from r||s; empty when the halves are not valid integers.
Bytes der_from_raw(barcode::ByteView raw) {
  const std::size_t half = raw.size() / 2;
  EcdsaSigPtr sig(ECDSA_SIG_new());
  BIGNUM* r = BN_bin2bn(raw.data(), static_cast<int>(half), nullptr);
  BIGNUM* s = BN_bin2bn(raw.data() + half, static_cast<int>(half), nullptr);
  if (!sig || r == nullptr || s == nullptr || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return {};
  }
  const int len = i2d_ECDSA_SIG(sig.get(), nullptr);
  if (len <= 0) {
    return {};
  }
  Bytes der(static_cast<std::size_t>(len));
  unsigned char* out = der.data();
  i2d_ECDSA_SIG(sig.get(), &out);
  return der;
}

// r||s, each half `half` bytes, from a DER ECDSA-Sig-Value.
Bytes raw_from_der(barcode::ByteView der, std::size_t half) {
  const unsigned char* in = der.data();
  EcdsaSigPtr sig(d2i_ECDSA_SIG(nullptr, &in, static_cast<long>(der.size())));
  if (!sig) {
    return {};
  }
  Bytes raw(half * 2);
  if (BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), raw.data(), static_cast<int>(half)) < 0 ||
      BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), raw.data() + half, static_cast<int>(half)) < 0) {
    return {};
  }
  return raw;
}

bool set_pss(EVP_PKEY_CTX* ctx) {
  return EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PSS_PADDING) == 1 &&
         EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx, 32) == 1 &&
         EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, EVP_sha256()) == 1;
}

} // namespace

const EVP_MD* digest_by_curve_size(int bits) {
  return bits <= 224 ? EVP_sha224() : bits <= 256 ? EVP_sha256() : bits <= 384 ? EVP_sha384() : EVP_sha512();
}

std::string key_name(EVP_PKEY* key) {
  if (is_ec(key)) {
    char name[80] = {};
    size_t len = 0;
    if (EVP_PKEY_get_utf8_string_param(key, "group", name, sizeof name, &len) == 1) {
      return name;
    }
    return "EC " + std::to_string(EVP_PKEY_get_bits(key));
  }
  return std::string(EVP_PKEY_get0_type_name(key) != nullptr ? EVP_PKEY_get0_type_name(key) : "?") +
         " " + std::to_string(EVP_PKEY_get_bits(key));
}

SignatureCheck verify_raw(EVP_PKEY* key, barcode::SignatureAlgorithm algorithm,
                          barcode::ByteView data, barcode::ByteView signature) {
  ERR_clear_error();
  SignatureCheck result;
  const EVP_MD* md = digest_for(algorithm, key);
  const bool pss = algorithm == barcode::SignatureAlgorithm::rsassa_pss_sha256;
  result.algorithm = (pss ? "RSASSA-PSS " : "ECDSA ") + key_name(key) + " with " + digest_name(md);
  Bytes der;
  barcode::ByteView to_verify = signature;
  if (pss) {
    if (!is_rsa(key)) {
      result.message = "the algorithm is RSASSA-PSS but the signer's key is " + key_name(key);
      return result;
    }
  } else {
    if (!is_ec(key)) {
      result.message = "the algorithm is ECDSA but the signer's key is " + key_name(key);
      return result;
    }
    const std::size_t half = half_size(key);
    if (signature.size() != 2 * half) {
      result.message = "the signature is " + std::to_string(signature.size()) +
                       " bytes; r||s for " + key_name(key) + " is " + std::to_string(2 * half);
      return result;
    }
    der = der_from_raw(signature);
    if (der.empty()) {
      result.message = "the signature's r and s are not usable integers";
      return result;
    }
    to_verify = der;
  }
  EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), &pctx, md, nullptr, key) != 1 ||
      (pss && !set_pss(pctx))) {
    result.message = "OpenSSL cannot verify with this key: " + pki::detail::drain_errors();
    return result;
  }
  const int rc = EVP_DigestVerify(ctx.get(), to_verify.data(), to_verify.size(), data.data(),
                                  data.size());
  ERR_clear_error();
  result.valid = rc == 1;
  if (!result.valid) {
    result.message = "the signature does not verify with the signer's key";
  }
  return result;
}

} // namespace detail

Result<Bytes> sign(const Signer& signer, barcode::SignatureAlgorithm algorithm, ByteView data) {
  ERR_clear_error();
  pki::detail::BioPtr bio(BIO_new_mem_buf(signer.private_key_pem.data(),
                                          static_cast<int>(signer.private_key_pem.size())));
  pki::detail::EvpPkeyPtr key(
      bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!key) {
    return make_error(ErrorCode::invalid_argument,
                      "not a PEM private key: " + pki::detail::drain_errors());
  }
  const bool pss = algorithm == barcode::SignatureAlgorithm::rsassa_pss_sha256;
  if (pss ? !detail::is_rsa(key.get()) : !detail::is_ec(key.get())) {
    return make_error(ErrorCode::invalid_argument,
                      "the key (" + detail::key_name(key.get()) + ") does not fit the algorithm");
  }
  const EVP_MD* md = detail::digest_for(algorithm, key.get());
  pki::detail::EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;
  std::size_t len = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), &pctx, md, nullptr, key.get()) != 1 ||
      (pss && !detail::set_pss(pctx)) ||
      EVP_DigestSign(ctx.get(), nullptr, &len, data.data(), data.size()) != 1) {
    return make_error(ErrorCode::invalid_argument, "signing failed: " + pki::detail::drain_errors());
  }
  Bytes out(len);
  if (EVP_DigestSign(ctx.get(), out.data(), &len, data.data(), data.size()) != 1) {
    return make_error(ErrorCode::invalid_argument, "signing failed: " + pki::detail::drain_errors());
  }
  out.resize(len);
  if (pss) {
    return out;
  }
  Bytes raw = detail::raw_from_der(out, detail::half_size(key.get()));
  if (raw.empty()) {
    return make_error(ErrorCode::invalid_argument, "OpenSSL returned an unreadable signature");
  }
  return raw;
}

} // namespace mrtd::seal
