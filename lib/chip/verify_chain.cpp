// Passive Authentication, part 3: DSC -> CSCA chain (cached for batches), CRL, validity
// times and the country rule.

#include "chip/detail/verifier.hpp"
#include "pki/detail/judge.hpp"

#include <openssl/evp.h>

#include <vector>

namespace mrtd::chip::detail {

// The chain of `dsc` for the document's `country`, from the cache when one is given (the
// cached entry is shared, not copied).
void Verifier::resolve_chain(const X509* dsc, const std::string& country) {
  if (m_cache == nullptr) {
    auto entry = std::make_shared<pki::detail::ChainMemo::Entry>();
    entry->chain = pki::detail::validate_chain(dsc, m_store, country, m_options.at);
    entry->leaf = pki::detail::describe(dsc);
    m_chain_entry = std::move(entry);
    return;
  }
  m_chain_entry = m_cache->impl().chains.get(dsc, m_store, country, m_options.at);
}

const pki::detail::ChainResult& Verifier::chain() const {
  static const pki::detail::ChainResult k_none; // no DSC: no anchor
  return m_chain_entry ? m_chain_entry->chain : k_none;
}

void Verifier::check_chain() {
  const X509* dsc = m_signer.cert;
  // The document's state: DG1's issuing state, else the DSC's issuer country.
  std::optional<std::string> dsc_country =
      dsc != nullptr ? pki::detail::name_country(X509_get_issuer_name(dsc)) : std::nullopt;
  if (m_mrz && m_mrz->mrz) {
    m_document_country = alpha2_of_state(m_mrz->mrz->issuing_state);
  }
  const std::string country = m_document_country.value_or(dsc_country.value_or(""));
  if (dsc != nullptr) {
    resolve_chain(dsc, country);
    m_report.certificates.push_back(pki::summarise(m_chain_entry->leaf, "dsc", m_signer.source));
  }

  if (dsc == nullptr) {
    add(CheckId::chip_dsc_profile, Status::skip, "no DSC");
    add(CheckId::chip_chain, Status::skip, "no DSC to chain");
    add(CheckId::chip_revocation, Status::skip, "no DSC");
    add(CheckId::chip_time_dsc, Status::skip, "no DSC");
    add(CheckId::chip_time_csca, Status::skip, "no DSC");
    add(CheckId::chip_time_signing, Status::skip, "no DSC");
  } else {
    const pki::detail::ChainResult& result = chain();
    add(CheckId::chip_dsc_profile, result.profile_ok ? Status::pass : Status::fail,
        result.profile_ok ? "end-entity certificate with digitalSignature"
                          : result.profile_message);
    const auto* anchor = result.anchor;
    switch (result.state) {
    case pki::detail::ChainState::verified:
      add(CheckId::chip_chain, Status::pass,
          "the DSC is signed by " + anchor->info.subject + " (" + anchor->provenance.source + ")");
      m_report.certificates.push_back(
          pki::summarise(anchor->info, "csca", anchor->provenance.source));
      break;
    case pki::detail::ChainState::no_anchor:
      add(CheckId::chip_chain, Status::skip,
          "the trust store holds no CSCA of " + (country.empty() ? "the document's state" : country) +
              ": nothing to judge the DSC against");
      break;
    case pki::detail::ChainState::not_trusted:
      add(CheckId::chip_chain, Status::fail, result.message);
      break;
    }
    if (anchor == nullptr) {
      add(CheckId::chip_revocation, Status::skip, "no CSCA, so no CRL to consult");
    } else {
      using pki::detail::Revocation;
      const Status status = result.revocation == Revocation::good      ? Status::pass
                            : result.revocation == Revocation::revoked ? Status::fail
                                                                       : Status::warn;
      add(CheckId::chip_revocation, status, result.revocation_message);
    }

    const pki::CertificateInfo& info = m_chain_entry->leaf;
    m_report.verdict.checks.push_back(
        pki::detail::judge_validity(CheckId::chip_time_dsc, info, m_options.at, "DSC"));
    if (anchor != nullptr) {
      m_report.verdict.checks.push_back(
          pki::detail::judge_validity(CheckId::chip_time_csca, anchor->info, m_options.at, "CSCA"));
    } else {
      add(CheckId::chip_time_csca, Status::skip, "no CSCA");
    }
    const auto signed_at = m_sod.signer
                               ? pki::detail::signing_time(m_sod.signer->parts.signed_attributes)
                               : std::nullopt;
    if (!signed_at) {
      add(CheckId::chip_time_signing, Status::skip, "no signingTime attribute");
    } else if (*signed_at < info.not_before || *signed_at > info.not_after) {
      add(CheckId::chip_time_signing, Status::warn,
          "signingTime " + to_iso_instant(*signed_at) + " lies outside the DSC's validity " +
              day(info.not_before) + " .. " + day(info.not_after));
    } else {
      add(CheckId::chip_time_signing, Status::pass,
          "signed " + to_iso_instant(*signed_at) + ", within the DSC's validity");
    }
  }

  // Country: CSCA = DSC issuer = DG1 issuing state (pa.md §5.10: a rogue CSCA must not sign
  // another state's documents).
  std::vector<std::pair<std::string, std::string>> seen;
  if (m_document_country) {
    seen.emplace_back("DG1 issuing state", *m_document_country);
  } else if (m_mrz && m_mrz->mrz) {
    seen.emplace_back("DG1 issuing state", m_mrz->mrz->issuing_state + " (no ISO alpha-2)");
  }
  if (dsc_country) {
    seen.emplace_back("DSC issuer", *dsc_country);
  } else if (dsc != nullptr) {
    seen.emplace_back("DSC issuer", "(no country)");
  }
  const auto* anchor = chain().anchor;
  if (anchor != nullptr) {
    seen.emplace_back("CSCA", anchor->info.subject_country.value_or("(no country)"));
  }
  m_report.verdict.checks.push_back(pki::detail::judge_countries(
      CheckId::chip_country, seen, anchor != nullptr && m_mrz && m_mrz->mrz,
      "not all of CSCA, DSC and DG1 are known"));
}

} // namespace mrtd::chip::detail
