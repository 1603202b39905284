#include "chip/aa.hpp"

#include "chip/detail/dump_parts.hpp"
#include "pki/detail/ossl.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>

#include <climits>

namespace mrtd::chip {

namespace {

using pki::detail::BignumPtr;
using pki::detail::EvpPkeyCtxPtr;
using pki::detail::EvpPkeyPtr;

using EcdsaSigPtr = pki::detail::Owned<ECDSA_SIG, ECDSA_SIG_free>;
using BnCtxPtr = pki::detail::Owned<BN_CTX, BN_CTX_free>;

struct Hash {
  const EVP_MD* md;
  const char* name;
};

Result<Bytes> digest(const EVP_MD* md, ByteView a, ByteView b) {
  pki::detail::EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (!ctx || EVP_DigestInit_ex(ctx.get(), md, nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), a.data(), a.size()) != 1 ||
      EVP_DigestUpdate(ctx.get(), b.data(), b.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), out, &size) != 1) {
    return make_error(ErrorCode::unsupported, "digest failed: " + pki::detail::drain_errors());
  }
  return Bytes(out, out + size);
}

// The hash of a two-byte trailer xx CC (ISO/IEC 10118-3 hash identifiers).
std::optional<Hash> hash_of_trailer(std::uint8_t id) {
  switch (id) {
  case 0x33:
    return Hash{EVP_sha1(), "SHA-1"};
  case 0x38:
    return Hash{EVP_sha224(), "SHA-224"};
  case 0x34:
    return Hash{EVP_sha256(), "SHA-256"};
  case 0x36:
    return Hash{EVP_sha384(), "SHA-384"};
  case 0x35:
    return Hash{EVP_sha512(), "SHA-512"};
  default:
    return std::nullopt;
  }
}

// ISO/IEC 9796-2 scheme 1 with partial recovery (9303-11 §6.1.2.2 / pa.md §3).
Result<AaResult> verify_rsa(const EVP_PKEY* key, ByteView challenge, ByteView response) {
  AaResult result;
  result.algorithm = "RSA ISO/IEC 9796-2 scheme 1";
  BIGNUM* raw_n = nullptr;
  BIGNUM* raw_e = nullptr;
  if (EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_N, &raw_n) != 1) {
    return make_error(ErrorCode::malformed, "DG15: RSA key without modulus");
  }
  BignumPtr n(raw_n);
  if (EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_E, &raw_e) != 1) {
    return make_error(ErrorCode::malformed, "DG15: RSA key without exponent");
  }
  BignumPtr e(raw_e);
  if (response.size() > INT_MAX) {
    result.message = "response too long";
    return result;
  }
  BignumPtr s(BN_bin2bn(response.data(), static_cast<int>(response.size()), nullptr));
  BignumPtr f(BN_new());
  BnCtxPtr bn_ctx(BN_CTX_new());
  if (!s || !f || !bn_ctx) {
    return make_error(ErrorCode::unsupported, "out of memory");
  }
  if (BN_is_zero(s.get()) || BN_cmp(s.get(), n.get()) >= 0) {
    result.message = "response is not a number below the modulus";
    return result;
  }
  if (BN_mod_exp(f.get(), s.get(), e.get(), n.get(), bn_ctx.get()) != 1) {
    return make_error(ErrorCode::unsupported, "RSA: " + pki::detail::drain_errors());
  }
  // The signer may return min(s, n - s): the message representative then is n - F
  // (F mod 16 != 12, ISO/IEC 9796-2 §B.6).
  if (BN_mod_word(f.get(), 16) != 12) {
    if (BN_sub(f.get(), n.get(), f.get()) != 1) {
      return make_error(ErrorCode::unsupported, "RSA: " + pki::detail::drain_errors());
    }
  }
  Bytes message(static_cast<std::size_t>(BN_num_bytes(f.get())));
  BN_bn2bin(f.get(), message.data());
  if (message.size() < 2 || message.front() != 0x6A) {
    result.message = "recovered message does not start with header 0x6A";
    return result;
  }
  std::optional<Hash> hash;
  std::size_t trailer = 0;
  if (message.back() == 0xBC) {
    hash = Hash{EVP_sha1(), "SHA-1"};
    trailer = 1;
  } else if (message.back() == 0xCC) {
    hash = hash_of_trailer(message[message.size() - 2]);
    trailer = 2;
  }
  if (!hash) {
    result.message = "unknown trailer in the recovered message";
    return result;
  }
  result.algorithm += std::string(", ") + hash->name;
  const auto hash_size = static_cast<std::size_t>(EVP_MD_get_size(hash->md));
  if (message.size() < 1 + hash_size + trailer) {
    result.message = "recovered message too short for its hash";
    return result;
  }
  const ByteView all(message);
  const ByteView m1 = all.subspan(1, message.size() - 1 - hash_size - trailer);
  const ByteView h = all.subspan(message.size() - hash_size - trailer, hash_size);
  auto expected = digest(hash->md, m1, challenge);
  if (!expected) {
    return expected.error();
  }
  const bool valid = std::equal(h.begin(), h.end(), expected->begin(), expected->end());
  result.status = valid ? AaStatus::valid : AaStatus::invalid;
  result.message = valid ? "" : "hash in the recovered message differs from hash(M1 || challenge)";
  return result;
}

// The ECDSA hash: DG14's ActiveAuthenticationInfo, else by key size (BSI TR-03111 §4.2.1).
Result<Hash> ecdsa_hash(std::optional<ByteView> dg14, int bits) {
  if (dg14) {
    auto infos = detail::parse_security_infos(*dg14);
    if (!infos) {
      Error error = infos.error();
      error.message = "DG14: " + error.message;
      return error;
    }
    for (const auto& info : *infos) {
      if (info.protocol != "2.23.136.1.1.5") {
        continue;
      }
      for (const auto& [key, value] : info.fields) {
        if (key != "signature_algorithm") {
          continue;
        }
        static const std::pair<const char*, Hash> k_known[] = {
            {"0.4.0.127.0.7.1.1.4.1.1", {EVP_sha1(), "SHA-1"}},
            {"0.4.0.127.0.7.1.1.4.1.2", {EVP_sha224(), "SHA-224"}},
            {"0.4.0.127.0.7.1.1.4.1.3", {EVP_sha256(), "SHA-256"}},
            {"0.4.0.127.0.7.1.1.4.1.4", {EVP_sha384(), "SHA-384"}},
            {"0.4.0.127.0.7.1.1.4.1.5", {EVP_sha512(), "SHA-512"}},
            {"1.2.840.10045.4.1", {EVP_sha1(), "SHA-1"}},
            {"1.2.840.10045.4.3.1", {EVP_sha224(), "SHA-224"}},
            {"1.2.840.10045.4.3.2", {EVP_sha256(), "SHA-256"}},
            {"1.2.840.10045.4.3.3", {EVP_sha384(), "SHA-384"}},
            {"1.2.840.10045.4.3.4", {EVP_sha512(), "SHA-512"}},
        };
        for (const auto& [oid, hash] : k_known) {
          if (value == oid) {
            return hash;
          }
        }
        return make_error(ErrorCode::unsupported,
                          "DG14: ActiveAuthenticationInfo names signature algorithm " + value);
      }
    }
  }
  if (bits <= 160) {
    return Hash{EVP_sha1(), "SHA-1"};
  }
  if (bits <= 224) {
    return Hash{EVP_sha224(), "SHA-224"};
  }
  if (bits <= 256) {
    return Hash{EVP_sha256(), "SHA-256"};
  }
  return bits <= 384 ? Hash{EVP_sha384(), "SHA-384"} : Hash{EVP_sha512(), "SHA-512"};
}

// DER of a plain r||s signature (BSI TR-03111 §5.2.1).
Bytes plain_to_der(ByteView plain) {
  const int half = static_cast<int>(plain.size() / 2);
  EcdsaSigPtr sig(ECDSA_SIG_new());
  BIGNUM* r = BN_bin2bn(plain.data(), half, nullptr);
  BIGNUM* s = BN_bin2bn(plain.data() + half, half, nullptr);
  if (!sig || !r || !s || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return {};
  }
  unsigned char* der = nullptr;
  const int size = i2d_ECDSA_SIG(sig.get(), &der);
  if (size <= 0) {
    return {};
  }
  Bytes out(der, der + size);
  OPENSSL_free(der);
  return out;
}

bool ecdsa_verifies(EVP_PKEY* key, ByteView der, ByteView hash) {
  EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
  return ctx && EVP_PKEY_verify_init(ctx.get()) == 1 &&
         EVP_PKEY_verify(ctx.get(), der.data(), der.size(), hash.data(), hash.size()) == 1;
}

Result<AaResult> verify_ecdsa(EVP_PKEY* key, std::optional<ByteView> dg14, ByteView challenge,
                              ByteView response) {
  auto hash = ecdsa_hash(dg14, EVP_PKEY_get_bits(key));
  if (!hash) {
    if (hash.error().code == ErrorCode::unsupported) {
      return AaResult{AaStatus::unsupported, "ECDSA", hash.error().message};
    }
    return hash.error();
  }
  auto h = digest(hash->md, challenge, {});
  if (!h) {
    return h.error();
  }
  AaResult result;
  // A response that is a whole DER SEQUENCE {r, s} is taken as DER; otherwise as plain r||s.
  const unsigned char* p = response.data();
  EcdsaSigPtr parsed(
      response.size() <= static_cast<std::size_t>(LONG_MAX)
          ? d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(response.size()))
          : nullptr);
  const bool der = parsed && p == response.data() + response.size();
  ERR_clear_error();
  if (der) {
    result.algorithm = std::string("ECDSA ") + hash->name + " (DER)";
    result.status = ecdsa_verifies(key, response, *h) ? AaStatus::valid : AaStatus::invalid;
  } else if (!response.empty() && response.size() % 2 == 0) {
    result.algorithm = std::string("ECDSA ") + hash->name + " (plain r||s)";
    const Bytes converted = plain_to_der(response);
    result.status = !converted.empty() && ecdsa_verifies(key, converted, *h) ? AaStatus::valid
                                                                             : AaStatus::invalid;
  } else {
    result.algorithm = std::string("ECDSA ") + hash->name;
    result.message = "response is neither DER nor plain r||s (odd length)";
    return result;
  }
  ERR_clear_error();
  if (result.status == AaStatus::invalid) {
    result.message = "signature does not verify with DG15's key";
  }
  return result;
}

} // namespace

Result<AaResult> verify_active_authentication(ByteView dg15, std::optional<ByteView> dg14,
                                              ByteView challenge, ByteView response) {
  auto outer = read_tlv(dg15);
  if (!outer) {
    Error error = outer.error();
    error.message = "DG15: " + error.message;
    return error;
  }
  if (outer->tag != 0x6F) {
    return make_error(ErrorCode::malformed, "DG15: tag is not 0x6F", 0);
  }
  ERR_clear_error();
  const unsigned char* p = outer->value.data();
  EvpPkeyPtr key(d2i_PUBKEY(nullptr, &p, static_cast<long>(outer->value.size())));
  if (!key) {
    return make_error(ErrorCode::malformed,
                      "DG15: not a SubjectPublicKeyInfo: " + pki::detail::drain_errors(),
                      static_cast<std::ptrdiff_t>(outer->header_size));
  }
  switch (EVP_PKEY_get_base_id(key.get())) {
  case EVP_PKEY_RSA:
    return verify_rsa(key.get(), challenge, response);
  case EVP_PKEY_EC:
    return verify_ecdsa(key.get(), dg14, challenge, response);
  default:
    return AaResult{AaStatus::unsupported, detail::describe_key(key.get()).algorithm,
                    "DG15 holds a " + detail::describe_key(key.get()).algorithm +
                        " key: only RSA and ECDSA Active Authentication are checked"};
  }
}

} // namespace mrtd::chip
