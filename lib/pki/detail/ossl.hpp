#pragma once

// Internal (never included by a public header): ownership of OpenSSL objects (STYLE.md §4).
// A stateless deleter over the free function keeps each unique_ptr one word wide.

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <memory>
#include <string>

namespace mrtd::pki::detail {

template <auto Free> struct Deleter {
  template <typename T> void operator()(T* object) const noexcept { Free(object); }
};

template <typename T, auto Free> using Owned = std::unique_ptr<T, Deleter<Free>>;

using X509Ptr = Owned<X509, X509_free>;
using X509CrlPtr = Owned<X509_CRL, X509_CRL_free>;
using X509NamePtr = Owned<X509_NAME, X509_NAME_free>;
using EvpPkeyPtr = Owned<EVP_PKEY, EVP_PKEY_free>;
using EvpPkeyCtxPtr = Owned<EVP_PKEY_CTX, EVP_PKEY_CTX_free>;
using EvpMdCtxPtr = Owned<EVP_MD_CTX, EVP_MD_CTX_free>;
using EvpMdPtr = Owned<EVP_MD, EVP_MD_free>;
using CmsPtr = Owned<CMS_ContentInfo, CMS_ContentInfo_free>;
using BioPtr = Owned<BIO, BIO_free_all>;
using X509StorePtr = Owned<X509_STORE, X509_STORE_free>;
using X509StoreCtxPtr = Owned<X509_STORE_CTX, X509_STORE_CTX_free>;
using Asn1ObjectPtr = Owned<ASN1_OBJECT, ASN1_OBJECT_free>;
using Asn1IntegerPtr = Owned<ASN1_INTEGER, ASN1_INTEGER_free>;
using Asn1OctetStringPtr = Owned<ASN1_OCTET_STRING, ASN1_OCTET_STRING_free>;
using BignumPtr = Owned<BIGNUM, BN_free>;

inline void free_x509_stack(STACK_OF(X509) * stack) noexcept {
  sk_X509_pop_free(stack, X509_free);
}
using X509StackPtr = Owned<STACK_OF(X509), free_x509_stack>;

inline void free_crl_stack(STACK_OF(X509_CRL) * stack) noexcept {
  sk_X509_CRL_pop_free(stack, X509_CRL_free);
}
using X509CrlStackPtr = Owned<STACK_OF(X509_CRL), free_crl_stack>;

/// Drains OpenSSL's error queue into one message ("" when empty). Call ERR_clear_error()
/// before the call whose failure this explains, so no stale error shows up (STYLE.md §3).
std::string drain_errors();

/// A read-only memory BIO over `data` (borrowed: `data` must outlive the BIO).
BioPtr memory_bio(const void* data, std::size_t size);

} // namespace mrtd::pki::detail
