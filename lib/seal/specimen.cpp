// Test seal signers (barcodes.md §1.5: signer id = subject C + a 2-character CN).

#include "seal/specimen.hpp"

#include "../chip/detail/specimen_parts.hpp"
#include "pki/detail/certificate.hpp"

#include <openssl/pem.h>

#include <cctype>

namespace mrtd::seal {

namespace {

using pki::detail::EvpPkeyPtr;
using pki::detail::X509Ptr;

Error bad(std::string message) {
  return make_error(ErrorCode::invalid_argument, std::move(message));
}

bool known_curve(const std::string& curve) {
  for (const char* name : {"prime256v1", "secp384r1", "secp521r1", "brainpoolP224r1",
                           "brainpoolP256r1", "brainpoolP384r1"}) {
    if (curve == name) {
      return true;
    }
  }
  return false;
}

const EVP_MD* md_for(EVP_PKEY* key) {
  if (EVP_PKEY_is_a(key, "EC") != 1) {
    return EVP_sha256();
  }
  const int bits = EVP_PKEY_get_bits(key);
  return bits <= 256 ? EVP_sha256() : bits <= 384 ? EVP_sha384() : EVP_sha512();
}

Result<EvpPkeyPtr> read_any_key(const std::string& pem) {
  pki::detail::BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  EvpPkeyPtr key(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!key) {
    return bad("CSCA key: not a PEM private key: " + pki::detail::drain_errors());
  }
  return key;
}

Result<X509Ptr> read_certificate(const std::string& text) {
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
  if (X509Ptr der = pki::detail::parse_der_certificate({bytes, text.size()})) {
    return der;
  }
  pki::detail::BioPtr bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
  X509Ptr pem(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!pem) {
    return bad("CSCA certificate: neither DER nor PEM: " + pki::detail::drain_errors());
  }
  return pem;
}

chip::Bytes der_of(X509* cert) {
  const int len = i2d_X509(cert, nullptr);
  chip::Bytes der(static_cast<std::size_t>(len > 0 ? len : 0));
  unsigned char* out = der.data();
  i2d_X509(cert, &out);
  return der;
}

} // namespace

Result<std::vector<chip::SpecimenFile>> make_seal_specimen(const SealSpecimenOptions& options) {
  namespace cd = chip::detail;
  if (!known_curve(options.curve)) {
    return bad("unknown curve '" + options.curve + "'");
  }
  if (options.country.size() != 2 || !std::isupper(static_cast<unsigned char>(options.country[0])) ||
      !std::isupper(static_cast<unsigned char>(options.country[1]))) {
    return bad("the country must be two capital letters (ISO 3166-1 alpha-2), not '" +
               options.country + "'");
  }
  auto signer_key = cd::load_or_generate_key(options.signer_key,
                                             cd::KeySpec{false, options.curve.c_str(), false},
                                             "signer");
  if (!signer_key) {
    return signer_key.error();
  }
  std::vector<chip::SpecimenFile> files;
  std::vector<chip::SpecimenFile> keys;
  const std::string government =
      options.country == "UT" ? "Government of Utopia" : "Government of " + options.country;
  const std::vector<std::pair<std::string, std::string>> signer_name = {
      {"C", options.country}, {"O", government}, {"OU", "Visa Office"}, {"CN", "SP"}};

  X509Ptr csca;
  EvpPkeyPtr csca_key;
  if (!options.self_signed) {
    if (options.csca_certificate) {
      if (!options.csca_key) {
        return bad("a CSCA certificate needs its key");
      }
      auto key = read_any_key(*options.csca_key);
      if (!key) {
        return key.error();
      }
      auto cert = read_certificate(*options.csca_certificate);
      if (!cert) {
        return cert.error();
      }
      pki::detail::EvpPkeyPtr cert_key = pki::detail::public_key(cert->get());
      if (!cert_key || EVP_PKEY_eq(key->get(), cert_key.get()) != 1) {
        return bad("the CSCA key does not belong to the CSCA certificate");
      }
      csca_key = std::move(*key);
      csca = std::move(*cert);
    } else {
      auto key = cd::load_or_generate_key(options.csca_key,
                                          cd::KeySpec{false, "prime256v1", false}, "CSCA");
      if (!key) {
        return key.error();
      }
      csca_key = std::move(*key);
      const cd::Signer self{csca_key.get(), EVP_sha256(), false};
      auto cert = cd::make_certificate({{{"C", options.country},
                                         {"O", government},
                                         {"OU", "Passport Office"},
                                         {"CN", options.country == "UT" ? "Utopia CSCA"
                                                                        : options.country + " CSCA"}},
                                        nullptr,
                                        csca_key.get(),
                                        1,
                                        options.csca_not_before,
                                        options.csca_not_after,
                                        true},
                                       self);
      if (!cert) {
        return cert.error();
      }
      csca = std::move(*cert);
      auto pem = cd::private_key_pem(csca_key.get());
      if (!pem) {
        return pem.error();
      }
      keys.push_back({"csca.TEST-ONLY.key.pem", std::move(*pem), true});
    }
    files.push_back({"csca.pem", cd::certificate_pem(csca.get()), false});
  }

  const cd::Signer issuer_signer =
      options.self_signed ? cd::Signer{signer_key->get(), md_for(signer_key->get()), false}
                          : cd::Signer{csca_key.get(), md_for(csca_key.get()), false};
  auto signer = cd::make_certificate({signer_name, csca.get(), signer_key->get(),
                                      options.signer_serial, options.signer_not_before,
                                      options.signer_not_after, false},
                                     issuer_signer);
  if (!signer) {
    return signer.error();
  }
  files.push_back({"signer.pem", cd::certificate_pem(signer->get()), false});
  files.push_back({"signer.der", der_of(signer->get()), false});
  if (!options.self_signed) {
    auto crl = cd::make_crl(csca.get(), issuer_signer, options.signer_not_before,
                            options.csca_not_after, -1, 0);
    if (!crl) {
      return crl.error();
    }
    files.push_back({"crl.pem", cd::crl_pem(crl->get()), false});
  }
  auto pem = cd::private_key_pem(signer_key->get());
  if (!pem) {
    return pem.error();
  }
  files.push_back({"signer.TEST-ONLY.key.pem", std::move(*pem), true});
  for (auto& key : keys) {
    files.push_back(std::move(key));
  }
  return files;
}

} // namespace mrtd::seal
