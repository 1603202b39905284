#include "pki/detail/chain.hpp"

#include "pki/detail/certificate.hpp"
#include "pki/detail/name.hpp"

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <ctime>

namespace mrtd::pki::detail {
namespace {

using Entry = TrustStore::Impl::Entry;

bool valid_at(const CertificateInfo& info, UnixTime at) {
  return info.not_before <= at && at <= info.not_after;
}

int rank(const Entry& entry, UnixTime at) {
  return (valid_at(entry.info, at) ? 2 : 0) + (entry.info.self_signed ? 1 : 0);
}

std::string join(const std::vector<std::string>& parts) {
  std::string text;
  for (const std::string& part : parts) {
    text += text.empty() ? "" : "; ";
    text += part;
  }
  return text;
}

// Why `entry` cannot be the leaf's issuer, or "" when it verifies the leaf's signature.
std::string reject_reason(const X509* leaf, const Entry& entry) {
  if (!entry.info.is_ca) {
    return "not a CA certificate (a DSC is never an anchor)";
  }
  if (!key_usage_allows(entry.cert.get(), KU_KEY_CERT_SIGN)) {
    return "keyUsage lacks keyCertSign";
  }
  const EvpPkeyPtr key = public_key(entry.cert.get());
  if (!key) {
    return "public key unreadable";
  }
  ERR_clear_error();
  // X509_verify checks only the signature: explicit EC parameters and brainpool curves are
  // fine here, unlike X509_verify_cert (pa.md §4.1).
  if (X509_verify(const_cast<X509*>(leaf), key.get()) != 1) {
    const std::string errors = drain_errors();
    return "signature does not verify" + (errors.empty() ? "" : " (" + errors + ")");
  }
  return {};
}

// Doc 9303-12 profile: a document signer is an end entity whose key signs data. Reported
// separately from the chain state, so a misissued but genuine DSC still shows as verified.
void check_profile(const X509* leaf, ChainResult& result) {
  const CertificateInfo info = describe(leaf);
  std::vector<std::string> problems;
  if (info.is_ca) {
    problems.emplace_back("the signer certificate is a CA (basicConstraints cA true)");
  }
  if (!key_usage_allows(leaf, KU_DIGITAL_SIGNATURE)) {
    problems.emplace_back("the signer certificate's keyUsage lacks digitalSignature");
  }
  result.profile_ok = problems.empty();
  result.profile_message = join(problems);
}

// Only CRLs that verify with the anchor's own key count: a CRL is found by issuer name, and
// a name is not proof of origin (a rollover CSCA shares it).
void check_revocation(const X509* leaf, const TrustStore::Impl& store, const Entry& anchor,
                      UnixTime at, ChainResult& result) {
  const auto crls = store.crls_for(anchor.cert.get());
  if (crls.empty()) {
    result.revocation = Revocation::no_crl;
    result.revocation_message = "no CRL of " + anchor.info.subject + " in the trust store";
    return;
  }
  const EvpPkeyPtr key = public_key(anchor.cert.get());
  bool any_verified = false;
  std::vector<std::string> notes;
  for (const auto* crl : crls) {
    ERR_clear_error();
    if (!key || X509_CRL_verify(crl->crl.get(), key.get()) != 1) {
      drain_errors();
      continue;
    }
    any_verified = true;
    const ASN1_TIME* next_update = X509_CRL_get0_nextUpdate(crl->crl.get());
    std::time_t at_time = static_cast<std::time_t>(at);
    if (next_update != nullptr && X509_cmp_time(next_update, &at_time) < 0) {
      notes.push_back("CRL from " + crl->provenance.source +
                      " has a nextUpdate before the verification time " + to_iso_instant(at));
    }
    X509_REVOKED* revoked = nullptr;
    if (X509_CRL_get0_by_serial(crl->crl.get(), &revoked,
                                X509_get0_serialNumber(leaf)) == 1) {
      result.revocation = Revocation::revoked;
      notes.insert(notes.begin(), "serial " + describe(leaf).serial + " is listed in the CRL of " +
                                      anchor.info.subject + " (" + crl->provenance.source + ")");
      result.revocation_message = join(notes);
      return;
    }
  }
  if (!any_verified) {
    result.revocation = Revocation::crl_invalid;
    result.revocation_message = std::to_string(crls.size()) + " CRL(s) named " +
                                anchor.info.subject + " but none verifies with its key";
    return;
  }
  result.revocation = Revocation::good;
  notes.insert(notes.begin(), "not listed in the CRL of " + anchor.info.subject);
  result.revocation_message = join(notes);
}

} // namespace

ChainResult validate_chain(const X509* leaf, const TrustStore::Impl& store,
                           std::string_view country, UnixTime at) {
  ChainResult result;
  check_profile(leaf, result);

  const Entry* chosen = nullptr;
  std::vector<std::string> failures;
  for (const Entry* candidate : store.possible_issuers(leaf)) {
    result.tried.push_back(candidate->info.subject);
    const std::string reason = reject_reason(leaf, *candidate);
    if (!reason.empty()) {
      failures.push_back(candidate->info.subject + " (serial " + candidate->info.serial +
                         "): " + reason);
      continue;
    }
    // Several CAs may verify (same key in a CSCA and its link certificate): prefer one valid
    // at `at`, then a self-signed CSCA over a link certificate, else keep the first.
    if (chosen == nullptr || rank(*candidate, at) > rank(*chosen, at)) {
      chosen = candidate;
    }
  }

  if (chosen != nullptr) {
    result.state = ChainState::verified;
    result.anchor = chosen;
    result.message = "signed by " + chosen->info.subject + " (serial " + chosen->info.serial +
                     ", from " + chosen->provenance.source + ")";
    check_revocation(leaf, store, *chosen, at, result);
    return result;
  }

  // No anchor. no_anchor means "load the CSCA of this country", not_trusted means "you have
  // it, and it did not sign this": the distinction matters to an examiner.
  const std::string issuer = name_to_string(X509_get_issuer_name(leaf));
  const bool country_has_ca = !country.empty() && !store.cas_for_country(country).empty();
  if (failures.empty() && !country_has_ca) {
    result.state = ChainState::no_anchor;
    result.message = "the trust store holds no CA certificate for " +
                     (country.empty() ? std::string("the document's country")
                                      : std::string(country)) +
                     " (issuer " + issuer + ")";
  } else if (failures.empty()) {
    result.state = ChainState::not_trusted;
    result.message = "no CA certificate of " + std::string(country) + " matches the issuer " +
                     issuer + " by name or key identifier";
  } else {
    result.state = ChainState::not_trusted;
    // Stores often hold many certificates of one name (DSCs, rollovers): say each reason once
    // and keep the message readable.
    std::vector<std::string> distinct;
    for (auto& failure : failures) {
      if (std::find(distinct.begin(), distinct.end(), failure) == distinct.end()) {
        distinct.push_back(std::move(failure));
      }
    }
    const std::size_t shown = std::min<std::size_t>(distinct.size(), 3);
    std::string tried = join({distinct.begin(), distinct.begin() + static_cast<long>(shown)});
    if (distinct.size() > shown) {
      tried += "; and " + std::to_string(distinct.size() - shown) + " more";
    }
    result.message = "no trusted CA signed this certificate; tried " + tried;
  }
  result.revocation = Revocation::no_crl;
  result.revocation_message = "no anchor, so no CRL to consult";
  return result;
}

std::shared_ptr<const ChainMemo::Entry> ChainMemo::get(const X509* leaf,
                                                        const TrustStore::Impl& store,
                                                        std::string_view country, UnixTime at) {
  constexpr std::size_t k_max_entries = 4096;
  auto compute = [&] {
    auto entry = std::make_shared<Entry>();
    entry->chain = validate_chain(leaf, store, country, at);
    entry->leaf = describe(leaf);
    return entry;
  };
  // The key is the leaf's whole DER (not a digest of it), then `at` in 8 bytes, then the
  // country: a hit means the same certificate byte for byte, for the same time and country.
  // The DER delimits itself and `at` has a fixed size, so no two inputs share a key. The
  // table's hash of the key only picks the bucket.
  unsigned char* der = nullptr;
  const int der_size = i2d_X509(leaf, &der);
  if (der_size <= 0) { // not encodable: validate without the memo rather than share a key
    OPENSSL_free(der);
    ERR_clear_error();
    ++m_misses;
    return compute();
  }
  std::string key;
  key.reserve(static_cast<std::size_t>(der_size) + sizeof at + country.size());
  key.assign(reinterpret_cast<const char*>(der), static_cast<std::size_t>(der_size));
  OPENSSL_free(der);
  key.append(reinterpret_cast<const char*>(&at), sizeof at);
  key.append(country);
  {
    const std::lock_guard lock(m_mutex);
    if (const auto found = m_entries.find(key); found != m_entries.end()) {
      ++m_hits;
      return found->second;
    }
  }
  auto entry = compute();
  const std::lock_guard lock(m_mutex);
  ++m_misses;
  if (m_entries.size() >= k_max_entries) {
    m_entries.clear();
  }
  m_entries.emplace(std::move(key), entry);
  return entry;
}

} // namespace mrtd::pki::detail
