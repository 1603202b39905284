#include "pki/trust_store.hpp"

#include "pki/detail/certificate.hpp"
#include "pki/detail/name.hpp"
#include "pki/detail/store.hpp"

#include <openssl/err.h>
#include <openssl/pem.h>

#include <algorithm>
#include <climits>
#include <deque>
#include <mutex>
#include <string_view>
#include <utility>

namespace mrtd::pki {
namespace {

using detail::X509CrlPtr;
using detail::X509Ptr;

std::string crl_sha256(const X509_CRL* crl) {
  unsigned char* der = nullptr;
  const int length = i2d_X509_CRL(crl, &der);
  if (length <= 0) {
    ERR_clear_error();
    return {};
  }
  std::string digest = detail::sha256_hex(der, static_cast<std::size_t>(length));
  OPENSSL_free(der);
  return digest;
}

// The index key of issuerAndSerialNumber: the order-free issuer key plus the serial's content
// octets (exact; negative serials, which some CSCAs use, stay distinct).
std::string issuer_serial_key(const X509_NAME* issuer, const ASN1_INTEGER* serial) {
  std::string key = detail::name_key(issuer) + '#';
  const unsigned char* data = ASN1_STRING_get0_data(serial);
  key += detail::hex_string(data, static_cast<std::size_t>(ASN1_STRING_length(serial)));
  return key;
}

template <typename T> using Decoder = T* (*)(T**, const unsigned char**, long);

// Decodes exactly `size` bytes as one T (no trailing data); nullptr otherwise.
template <typename T, auto Free>
detail::Owned<T, Free> decode_exact(Decoder<T> decode, const unsigned char* data, std::size_t size) {
  if (size == 0 || size > static_cast<std::size_t>(LONG_MAX)) {
    return nullptr;
  }
  const unsigned char* cursor = data;
  detail::Owned<T, Free> object(decode(nullptr, &cursor, static_cast<long>(size)));
  if (object && cursor != data + size) {
    object.reset();
  }
  ERR_clear_error();
  return object;
}

// PEM is recognised by its armour anywhere in the text, so bundles with explanatory text
// before the first block (as `openssl x509 -text` writes) load too.
bool looks_like_pem(ByteView bytes) {
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  return text.find("-----BEGIN ") != std::string_view::npos;
}

// Collects what one add() call parsed before anything is committed to the store.
struct Parsed {
  std::vector<X509Ptr> certs;
  std::vector<X509CrlPtr> crls;
  std::vector<std::string> problems;
};

// Reads every PEM block. A bad block is recorded and skipped: one unusable entry must not cost
// the rest of a bundle (pa.md §4.6).
void parse_pem(ByteView bytes, Parsed& parsed) {
  detail::BioPtr bio = detail::memory_bio(bytes.data(), bytes.size());
  if (!bio) {
    parsed.problems.emplace_back("input too large for a memory BIO");
    return;
  }
  for (int block = 1;; ++block) {
    char* name = nullptr;
    char* header = nullptr;
    unsigned char* data = nullptr;
    long length = 0;
    ERR_clear_error();
    if (PEM_read_bio(bio.get(), &name, &header, &data, &length) != 1) {
      const unsigned long error = ERR_peek_last_error();
      if (ERR_GET_LIB(error) == ERR_LIB_PEM && ERR_GET_REASON(error) == PEM_R_NO_START_LINE) {
        ERR_clear_error();
        break; // no further block
      }
      parsed.problems.push_back("PEM block " + std::to_string(block) +
                                ": unreadable (" + detail::drain_errors() + ")");
      if (BIO_eof(bio.get()) == 1) {
        break;
      }
      continue;
    }
    const std::string_view label(name);
    const auto size = static_cast<std::size_t>(length);
    if (label == "CERTIFICATE" || label == "X509 CERTIFICATE" || label == "TRUSTED CERTIFICATE") {
      // TRUSTED CERTIFICATE is a certificate followed by OpenSSL's trust settings.
      X509Ptr cert = label == "TRUSTED CERTIFICATE"
                         ? [&] {
                             const unsigned char* cursor = data;
                             X509Ptr aux(d2i_X509_AUX(nullptr, &cursor, length));
                             ERR_clear_error();
                             return aux;
                           }()
                         : decode_exact<X509, X509_free>(d2i_X509, data, size);
      if (cert) {
        parsed.certs.push_back(std::move(cert));
      } else {
        parsed.problems.push_back("PEM block " + std::to_string(block) + " (" +
                                  std::string(label) + "): not a valid certificate");
      }
    } else if (label == "X509 CRL") {
      X509CrlPtr crl = decode_exact<X509_CRL, X509_CRL_free>(d2i_X509_CRL, data, size);
      if (crl) {
        parsed.crls.push_back(std::move(crl));
      } else {
        parsed.problems.push_back("PEM block " + std::to_string(block) +
                                  " (X509 CRL): not a valid CRL");
      }
    } else {
      parsed.problems.push_back("PEM block " + std::to_string(block) + " (" +
                                std::string(label) + "): not a certificate or CRL, skipped");
    }
    OPENSSL_free(name);
    OPENSSL_free(header);
    OPENSSL_free(data);
  }
}

template <typename Entry>
std::vector<const Entry*> pick(const std::deque<Entry>& all,
                               const std::unordered_map<std::string, std::vector<std::size_t>>& index,
                               const std::string& key) {
  std::vector<const Entry*> found;
  if (const auto it = index.find(key); it != index.end()) {
    for (const std::size_t i : it->second) {
      found.push_back(&all[i]);
    }
  }
  return found;
}

void append_unique(std::vector<const TrustStore::Impl::Entry*>& list,
                   const std::vector<const TrustStore::Impl::Entry*>& more) {
  for (const auto* entry : more) {
    if (std::find(list.begin(), list.end(), entry) == list.end()) {
      list.push_back(entry);
    }
  }
}

// One DER certificate or CRL, or PEM text with any number of them.
Parsed parse_items(ByteView bytes) {
  Parsed parsed;
  if (looks_like_pem(bytes)) {
    parse_pem(bytes, parsed);
  } else if (X509Ptr cert = detail::parse_der_certificate(bytes)) {
    parsed.certs.push_back(std::move(cert));
  } else if (X509CrlPtr crl =
                 decode_exact<X509_CRL, X509_CRL_free>(d2i_X509_CRL, bytes.data(), bytes.size())) {
    parsed.crls.push_back(std::move(crl));
  }
  return parsed;
}

} // namespace

TrustStore::TrustStore() : m_impl(std::make_unique<Impl>()) {}
TrustStore::~TrustStore() = default;
TrustStore::TrustStore(TrustStore&&) noexcept = default;
TrustStore& TrustStore::operator=(TrustStore&&) noexcept = default;

Result<LoadSummary> TrustStore::add(ByteView bytes, std::string_view source) {
  Parsed parsed = parse_items(bytes);
  if (parsed.certs.empty() && parsed.crls.empty()) {
    std::string message = "no certificate or CRL (DER or PEM) in " + std::string(source);
    for (const std::string& problem : parsed.problems) {
      message += "; " + problem;
    }
    return make_error(ErrorCode::malformed, std::move(message));
  }

  // Committed only now, so a malformed input leaves the store as it was.
  LoadSummary summary;
  summary.problems = std::move(parsed.problems);
  Impl& impl = *m_impl;
  const std::lock_guard lock(impl.mutex);
  for (X509Ptr& cert : parsed.certs) {
    impl.insert_certificate(std::move(cert), Provenance{std::string(source)}, summary);
  }
  for (X509CrlPtr& crl : parsed.crls) {
    impl.insert_crl(std::move(crl), Provenance{std::string(source)}, summary);
  }
  return summary;
}

void TrustStore::Impl::insert_certificate(X509Ptr cert, Provenance provenance,
                                          LoadSummary& summary) {
  CertificateInfo info = detail::describe(cert.get());
  if (by_sha256.count(info.sha256) != 0) {
    ++summary.duplicates;
    return;
  }
  // OpenSSL would refuse these in X509_verify_cert; they are kept because chain.cpp checks
  // signatures itself and a master list's other certificates must not be lost.
  if (detail::flagged_invalid(cert.get())) {
    summary.notes.push_back("certificate " + info.subject + " (serial " + info.serial +
                            "): OpenSSL flags it invalid (malformed extension); kept");
  }
  const std::size_t index = entries.size();
  by_sha256.emplace(info.sha256, index);
  if (info.subject_key_id) {
    by_ski[*info.subject_key_id].push_back(index);
  }
  by_subject[detail::name_key(X509_get_subject_name(cert.get()))].push_back(index);
  if (info.subject_country) {
    by_country[*info.subject_country].push_back(index);
  }
  if (const auto id = detail::vds_signer_id(X509_get_subject_name(cert.get()))) {
    by_vds_signer[*id].push_back(index);
  }
  by_issuer_serial[issuer_serial_key(X509_get_issuer_name(cert.get()),
                                     X509_get0_serialNumber(cert.get()))]
      .push_back(index);
  entries.push_back(Entry{std::move(cert), std::move(info), std::move(provenance)});
  ++summary.certificates;
}

void TrustStore::Impl::insert_crl(X509CrlPtr crl, Provenance provenance, LoadSummary& summary) {
  std::string sha256 = crl_sha256(crl.get());
  if (crls_by_sha256.count(sha256) != 0) {
    ++summary.duplicates;
    return;
  }
  const std::size_t index = crls.size();
  crls_by_sha256.emplace(std::move(sha256), index);
  crls_by_issuer[detail::name_key(X509_CRL_get_issuer(crl.get()))].push_back(index);
  crls.push_back(CrlEntry{std::move(crl), std::move(provenance)});
  ++summary.crls;
}

void TrustStore::Impl::resolve(TrustQuery::By by, const std::string& key) const {
  if (!resolver) {
    return;
  }
  std::string memo = std::to_string(static_cast<int>(by)) + ':' + key;
  // The store's contents are logically constant; what a resolver adds only makes visible what
  // the backing store already held (TrustStore objects are never defined const: they are
  // built by add()).
  auto& self = const_cast<Impl&>(*this);
  if (!self.asked.insert(std::move(memo)).second) {
    return;
  }
  LoadSummary ignored;
  for (ResolvedItem& item : resolver(TrustQuery{by, key})) {
    Parsed parsed = parse_items(item.der);
    for (X509Ptr& cert : parsed.certs) {
      self.insert_certificate(std::move(cert), item.provenance, ignored);
    }
    for (X509CrlPtr& crl : parsed.crls) {
      self.insert_crl(std::move(crl), item.provenance, ignored);
    }
  }
}

void TrustStore::set_resolver(TrustResolver resolver) {
  const std::lock_guard lock(m_impl->mutex);
  m_impl->resolver = std::move(resolver);
  m_impl->asked.clear();
}

std::size_t TrustStore::certificate_count() const noexcept { return m_impl->entries.size(); }

std::size_t TrustStore::crl_count() const noexcept { return m_impl->crls.size(); }

std::vector<CertificateInfo> TrustStore::certificates() const {
  const std::lock_guard lock(m_impl->mutex);
  std::vector<CertificateInfo> infos;
  infos.reserve(m_impl->entries.size());
  for (const Impl::Entry& entry : m_impl->entries) {
    infos.push_back(entry.info);
  }
  return infos;
}

bool TrustStore::has_ca_for_country(std::string_view alpha2) const {
  return !m_impl->cas_for_country(alpha2).empty();
}

// The indexes are keyed by name_key(); each lookup re-checks with names_equal_unordered so
// the key stays an optimisation, not the definition of equality.
std::vector<const TrustStore::Impl::Entry*>
TrustStore::Impl::find_by_subject(const X509_NAME* name) const {
  const std::lock_guard lock(mutex);
  const std::string key = detail::name_key(name);
  resolve(TrustQuery::By::subject, key);
  std::vector<const Entry*> found = pick(entries, by_subject, key);
  std::erase_if(found, [name](const Entry* entry) {
    return !detail::names_equal_unordered(X509_get_subject_name(entry->cert.get()), name);
  });
  return found;
}

std::vector<const TrustStore::Impl::Entry*>
TrustStore::Impl::find_by_ski(const ASN1_OCTET_STRING* ski) const {
  if (ski == nullptr) {
    return {};
  }
  const std::lock_guard lock(mutex);
  const std::string key = detail::hex_string(ASN1_STRING_get0_data(ski),
                                             static_cast<std::size_t>(ASN1_STRING_length(ski)));
  resolve(TrustQuery::By::subject_key_id, key);
  return pick(entries, by_ski, key);
}

std::vector<const TrustStore::Impl::Entry*>
TrustStore::Impl::find_by_issuer_serial(const X509_NAME* issuer, const ASN1_INTEGER* serial) const {
  const std::lock_guard lock(mutex);
  const std::string key = issuer_serial_key(issuer, serial);
  resolve(TrustQuery::By::issuer_serial, key);
  std::vector<const Entry*> found = pick(entries, by_issuer_serial, key);
  std::erase_if(found, [&](const Entry* entry) {
    return ASN1_INTEGER_cmp(X509_get0_serialNumber(entry->cert.get()), serial) != 0 ||
           !detail::names_equal_unordered(X509_get_issuer_name(entry->cert.get()), issuer);
  });
  return found;
}

std::vector<const TrustStore::Impl::Entry*>
TrustStore::Impl::possible_issuers(const X509* child) const {
  const std::lock_guard lock(mutex);
  std::vector<const Entry*> found;
  // AKI keyIdentifier only: authorityCertIssuer/serial would pin one certificate of a key
  // that link certificates share (pa.md §4.4).
  append_unique(found, find_by_ski(X509_get0_authority_key_id(const_cast<X509*>(child))));
  append_unique(found, find_by_subject(X509_get_issuer_name(child)));
  return found;
}

std::vector<const TrustStore::Impl::Entry*>
TrustStore::Impl::issuer_candidates(const X509* child) const {
  std::vector<const Entry*> found = possible_issuers(child);
  std::erase_if(found, [](const Entry* entry) { return !entry->info.is_ca; });
  return found;
}

std::vector<const TrustStore::Impl::Entry*>
TrustStore::Impl::find_by_vds_signer(std::string_view id) const {
  const std::lock_guard lock(mutex);
  const std::string key(id);
  resolve(TrustQuery::By::vds_signer, key);
  return pick(entries, by_vds_signer, key);
}

std::vector<const TrustStore::Impl::Entry*>
TrustStore::Impl::signers_for_country(std::string_view alpha2) const {
  const std::lock_guard lock(mutex);
  const std::string key(alpha2);
  resolve(TrustQuery::By::country_signers, key);
  std::vector<const Entry*> found = pick(entries, by_country, key);
  std::erase_if(found, [](const Entry* entry) { return entry->info.is_ca; });
  return found;
}

std::vector<const TrustStore::Impl::Entry*>
TrustStore::Impl::find_by_sha256_prefix(std::string_view prefix) const {
  const std::lock_guard lock(mutex);
  std::vector<const Entry*> found;
  if (prefix.size() < 16) {
    return found;
  }
  resolve(TrustQuery::By::sha256_prefix, std::string(prefix));
  for (const Entry& entry : entries) {
    if (entry.info.sha256.starts_with(prefix)) {
      found.push_back(&entry);
    }
  }
  return found;
}

std::vector<const TrustStore::Impl::Entry*>
TrustStore::Impl::cas_for_country(std::string_view alpha2) const {
  const std::lock_guard lock(mutex);
  const std::string key(alpha2);
  resolve(TrustQuery::By::country_cas, key);
  std::vector<const Entry*> found = pick(entries, by_country, key);
  std::erase_if(found, [](const Entry* entry) { return !entry->info.is_ca; });
  return found;
}

std::vector<const TrustStore::Impl::CrlEntry*> TrustStore::Impl::crls_for(const X509* issuer) const {
  const X509_NAME* name = X509_get_subject_name(issuer);
  const std::lock_guard lock(mutex);
  const std::string key = detail::name_key(name);
  resolve(TrustQuery::By::crls_by_issuer, key);
  std::vector<const CrlEntry*> found = pick(crls, crls_by_issuer, key);
  std::erase_if(found, [name](const CrlEntry* entry) {
    return !detail::names_equal_unordered(X509_CRL_get_issuer(entry->crl.get()), name);
  });
  return found;
}

} // namespace mrtd::pki
