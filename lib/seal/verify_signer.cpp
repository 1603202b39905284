// Seal verification, part 2: the signer certificate (named by the payload's reference, carried
// in the payload, or tried among the store's end-entity certificates), the signature, the chain
// to a CSCA with its CRL, validity times and the country rule.

#include "seal/detail/crypto.hpp"
#include "seal/detail/verifier.hpp"

#include "mrz/countries.hpp"
#include "pki/detail/certificate.hpp"
#include "pki/detail/judge.hpp"
#include "pki/detail/name.hpp"

#include <openssl/sha.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cctype>
#include <unordered_set>

namespace mrtd::seal::detail {

namespace {

using barcode::ReferenceKind;

// Most end-entity certificates tried when the reference names none (barcodes.md §1.5: KURZ
// seals name `DEKD` but are signed by certificates with other subjects and serials).
constexpr std::size_t k_max_fallback = 4096;

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

std::string strip_zeros(std::string hex) {
  const auto first = hex.find_first_not_of('0');
  return first == std::string::npos ? "0" : hex.substr(first);
}

Bytes der_of(const X509* cert) {
  const int len = i2d_X509(cert, nullptr);
  if (len <= 0) {
    return {};
  }
  Bytes der(static_cast<std::size_t>(len));
  unsigned char* out = der.data();
  i2d_X509(cert, &out);
  return der;
}

std::string sha1_hex(const X509* cert) {
  const Bytes der = der_of(cert);
  unsigned char md[SHA_DIGEST_LENGTH];
  SHA1(der.data(), der.size(), md);
  return pki::detail::hex_string(md, sizeof md);
}

// Does `cert` (store entry `info`) carry the reference the payload names?
bool matches_reference(const barcode::SignatureInfo& sig, const X509* cert,
                       const pki::CertificateInfo& info) {
  const std::string ref = upper(sig.reference);
  switch (sig.reference_kind) {
  case ReferenceKind::none: return false;
  case ReferenceKind::serial_hex: return strip_zeros(ref) == strip_zeros(upper(info.serial));
  case ReferenceKind::sha1_hex: return sha1_hex(cert) == ref;
  case ReferenceKind::sha1_tail5: {
    const std::string full = sha1_hex(cert);
    return ref.size() == 10 && full.substr(full.size() - 10) == ref;
  }
  case ReferenceKind::sha256_head8: return ref.size() == 16 && upper(info.sha256).starts_with(ref);
  }
  return false;
}

std::string describe_reference(const barcode::SignatureInfo& sig) {
  switch (sig.reference_kind) {
  case ReferenceKind::none: return "no certificate reference";
  case ReferenceKind::serial_hex:
    return "signer " + sig.signer_id + " with serial number " + sig.reference;
  case ReferenceKind::sha1_hex:
    return "signer " + sig.signer_id + " with certificate SHA-1 " + sig.reference;
  case ReferenceKind::sha1_tail5: return "certificate SHA-1 ending in " + sig.reference;
  case ReferenceKind::sha256_head8: return "kid " + sig.reference;
  }
  return sig.reference;
}

std::string day(UnixTime time) {
  return to_iso(to_civil(time));
}

} // namespace

std::optional<std::string> Verifier::seal_country() const {
  const std::string& state = m_payload.issuing_state;
  if (state.size() == 2 && std::isupper(static_cast<unsigned char>(state[0])) &&
      std::isupper(static_cast<unsigned char>(state[1]))) {
    return state; // DCC names its issuer by alpha-2
  }
  if (state.empty() || state.size() > 3) {
    return std::nullopt;
  }
  std::string field = state;
  field.resize(3, '<');
  const mrz::CountryInfo info = mrz::lookup_country(field);
  if (info.alpha2.empty()) {
    return std::nullopt;
  }
  return std::string(info.alpha2);
}

std::vector<Candidate> Verifier::candidates() {
  const barcode::SignatureInfo& sig = *m_payload.signature;
  std::vector<Candidate> out;
  std::unordered_set<const X509*> seen;
  auto push = [&](const X509* cert, std::string source, bool named, bool from_store) {
    if (cert != nullptr && seen.insert(cert).second) {
      out.push_back(Candidate{cert, std::move(source), named, from_store});
    }
  };
  if (sig.certificate) {
    if (m_cache == nullptr) {
      m_embedded = std::make_shared<const pki::detail::X509Ptr>(
          pki::detail::parse_der_certificate(*sig.certificate));
    } else {
      auto& memo = m_cache->impl();
      const std::string key(sig.certificate->begin(), sig.certificate->end());
      const std::lock_guard lock(memo.mutex);
      if (const auto found = memo.embedded.find(key); found != memo.embedded.end()) {
        m_embedded = found->second;
      } else {
        m_embedded = std::make_shared<const pki::detail::X509Ptr>(
            pki::detail::parse_der_certificate(*sig.certificate));
        if (memo.embedded.size() >= 4096) {
          memo.embedded.clear();
        }
        memo.embedded.emplace(key, m_embedded);
      }
    }
    push(m_embedded->get(), "embedded", true, false);
  }
  // Named by the reference: VDS signer id first (an indexed lookup, also in store folders).
  if (!sig.signer_id.empty()) {
    for (const auto* entry : m_store.find_by_vds_signer(upper(sig.signer_id))) {
      if (matches_reference(sig, entry->cert.get(), entry->info)) {
        push(entry->cert.get(), entry->provenance.source, true, true);
      }
    }
  }
  // A store folder loads certificates only when asked: references by certificate hash are
  // answered by the kid's SHA-256 prefix (DCC) or by the end-entity certificates of the seal's
  // country (IDB, TR-03171), which the loop below then matches.
  if (sig.reference_kind == ReferenceKind::sha256_head8) {
    std::string kid = sig.reference;
    std::transform(kid.begin(), kid.end(), kid.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    (void)m_store.find_by_sha256_prefix(kid);
  } else if (sig.reference_kind == ReferenceKind::sha1_tail5 ||
             sig.reference_kind == ReferenceKind::sha1_hex) {
    if (const auto country = seal_country()) {
      (void)m_store.signers_for_country(*country);
    }
  }
  // Then every certificate held (loaded ones: a store folder answers indexed lookups only):
  // those the reference names, then the other end-entity certificates as a fallback. A seal
  // with a signer id names only certificates of that id, all found by the indexed lookup above:
  // a serial number alone does not name another signer's certificate (another state's signer
  // may share it).
  const std::lock_guard lock(m_store.mutex);
  if (sig.reference_kind != ReferenceKind::none && sig.signer_id.empty()) {
    for (const auto& entry : m_store.entries) {
      if (matches_reference(sig, entry.cert.get(), entry.info)) {
        push(entry.cert.get(), entry.provenance.source, true, true);
      }
    }
  }
  // Self-signed certificates are tried too: the KURZ signers are self-signed with CA:TRUE, and a
  // self-signed certificate handed over as trust may be a signer (a CA among them that verifies
  // fails seal.signer.profile).
  // No fallback for DCC: the kid is the only link to the signer, and a wrong kid must fail
  // (barcodes.md P12, dgc-testdata CO22).
  if (sig.reference_kind == ReferenceKind::sha256_head8) {
    return out;
  }
  std::size_t tried = 0;
  for (const auto& entry : m_store.entries) {
    if ((!entry.info.is_ca || entry.info.self_signed) && tried++ < k_max_fallback) {
      push(entry.cert.get(), entry.provenance.source, false, true);
    }
  }
  return out;
}

void Verifier::check_signature() {
  if (!m_payload.signature) {
    const bool unsigned_seal =
        m_payload.kind != barcode::PayloadKind::bcbp && m_payload.kind != barcode::PayloadKind::aamva;
    add(CheckId::seal_signature, Status::skip,
        unsigned_seal ? std::string("this seal carries no signature: nothing proves its content")
                      : std::string(barcode::to_string(m_payload.kind)) +
                            " payloads carry no verifiable signature");
    add(CheckId::seal_signer_certificate, Status::skip, "no signature");
    return;
  }
  const barcode::SignatureInfo& sig = *m_payload.signature;
  const std::vector<Candidate> all = candidates();
  const bool any_named = std::any_of(all.begin(), all.end(), [](const Candidate& c) { return c.named; });
  std::string failures;
  for (const Candidate& candidate : all) {
    pki::detail::EvpPkeyPtr key = pki::detail::public_key(candidate.cert);
    if (!key) {
      continue;
    }
    const SignatureCheck result =
        verify_raw(key.get(), sig.algorithm, sig.signed_data, sig.signature);
    if (result.valid) {
      m_signer = candidate;
      m_signature_valid = true;
      add(CheckId::seal_signature, Status::pass, result.algorithm + " over " +
                                                     std::to_string(sig.signed_data.size()) +
                                                     " bytes verifies");
      break;
    }
    if (candidate.named) {
      failures += (failures.empty() ? "" : "; ") + result.message + " (" +
                  pki::detail::name_to_string(X509_get_subject_name(candidate.cert)) + ")";
      if (!m_signer.cert) {
        m_signer = candidate; // reported as the signer even though its key does not verify
      }
    }
  }
  const std::string reference = describe_reference(sig);
  if (!m_signature_valid) {
    if (any_named) {
      Check& c = add(CheckId::seal_signature, Status::fail, failures);
      c.expected = "a valid signature by " + reference;
      add(CheckId::seal_signer_certificate, Status::pass,
          "found " + reference + " (" + m_signer.source + ")");
    } else if (!all.empty()) {
      // The named signer is absent: that others do not verify proves nothing (unknown signer).
      add(CheckId::seal_signature, Status::skip,
          "unknown signer: no certificate matches " + reference + ", and none of the " +
              std::to_string(all.size()) + " other certificates of the trust store verifies the signature");
      add(CheckId::seal_signer_certificate, Status::skip,
          "the trust store holds no certificate matching " + reference);
    } else {
      add(CheckId::seal_signature, Status::skip, "unknown signer: no certificate to verify with");
      add(CheckId::seal_signer_certificate, Status::skip,
          "the trust store holds no certificate matching " + reference);
    }
    return;
  }
  const std::string subject = pki::detail::name_to_string(X509_get_subject_name(m_signer.cert));
  if (m_signer.named) {
    add(CheckId::seal_signer_certificate, Status::pass,
        (m_signer.source == "embedded" ? "carried in the payload: " : "found by " + reference + ": ") +
            subject);
    if (m_signer.source == "embedded" && sig.reference_kind != ReferenceKind::none) {
      const auto info = pki::detail::describe(m_signer.cert);
      if (!matches_reference(sig, m_signer.cert, info)) {
        m_report.verdict.checks.back().status = Status::warn;
        m_report.verdict.checks.back().message =
            "the embedded certificate (" + subject + ") does not match the " + reference;
      }
    }
  } else if (any_named) {
    add(CheckId::seal_signer_certificate, Status::warn,
        "the certificate matching " + reference + " does not verify the signature (" + failures +
            "); " + subject + " (" + m_signer.source + "), tried in fallback, does");
  } else {
    add(CheckId::seal_signer_certificate, Status::warn,
        "no certificate matches " + reference + "; the signature verifies with " + subject + " (" +
            m_signer.source + ")");
  }
}

void Verifier::check_chain() {
  const X509* cert = m_signer.cert;
  if (cert == nullptr) {
    for (const CheckId id : {CheckId::seal_signer_profile, CheckId::seal_chain,
                             CheckId::seal_revocation, CheckId::seal_time_signer,
                             CheckId::seal_time_csca, CheckId::seal_time_signing}) {
      add(id, Status::skip, "no signer certificate");
    }
    const auto country = seal_country();
    add(CheckId::seal_country, Status::skip,
        "no signer certificate to compare the issuing state " +
            (country ? *country : m_payload.issuing_state) + " with");
    return;
  }
  // The chain (and the signer's fields) from the cache when there is one.
  const std::optional<std::string> country = seal_country();
  const std::optional<std::string> issuer_country =
      pki::detail::name_country(X509_get_issuer_name(cert));
  const std::string chain_country = country.value_or(issuer_country.value_or(""));
  pki::CertificateInfo info;
  if (m_cache != nullptr) {
    const auto entry = m_cache->impl().chains.get(cert, m_store, chain_country, m_options.at);
    m_chain = entry->chain;
    info = entry->leaf;
  } else {
    m_chain = pki::detail::validate_chain(cert, m_store, chain_country, m_options.at);
    info = pki::detail::describe(cert);
  }
  m_report.certificates.push_back(pki::summarise(info, "signer", m_signer.source));

  // Profile: an end-entity certificate that may sign. A self-signed signer the user trusts
  // directly (--trust) is judged by that trust alone: its CA flag is a warning (KURZ test
  // signers are self-signed CA certificates), never when it chains to a CSCA.
  const bool trusted_directly = m_signer.from_store && info.self_signed;
  if (info.is_ca && trusted_directly) {
    add(CheckId::seal_signer_profile, Status::warn,
        "the signer certificate is a self-signed CA certificate, trusted as given with --trust");
  } else if (info.is_ca) {
    add(CheckId::seal_signer_profile, Status::fail, "the signer certificate is a CA certificate");
  } else if (!pki::detail::key_usage_allows(cert, KU_DIGITAL_SIGNATURE)) {
    add(CheckId::seal_signer_profile, Status::fail, "keyUsage lacks digitalSignature");
  } else {
    add(CheckId::seal_signer_profile, Status::pass, "end-entity certificate with digitalSignature");
  }

  const auto* anchor = m_chain.anchor;
  bool self_anchor = false;
  if (m_chain.state == pki::detail::ChainState::verified) {
    add(CheckId::seal_chain, Status::pass,
        "the signer certificate is signed by " + anchor->info.subject + " (" +
            anchor->provenance.source + ")");
    m_report.certificates.push_back(pki::summarise(anchor->info, "csca", anchor->provenance.source));
  } else if (m_signer.from_store && info.self_signed) {
    // A self-signed test signer the user handed over with --trust: trusted as given.
    self_anchor = true;
    add(CheckId::seal_chain, Status::pass,
        "self-signed signer certificate given with --trust (" + m_signer.source +
            "): it anchors itself, no CSCA behind it");
  } else if (m_chain.state == pki::detail::ChainState::no_anchor) {
    add(CheckId::seal_chain, Status::skip,
        "the trust store holds no CSCA of " +
            (chain_country.empty() ? "the issuing state" : chain_country) +
            ": nothing to judge the signer certificate against");
  } else {
    add(CheckId::seal_chain, Status::fail, m_chain.message);
  }

  if (anchor == nullptr) {
    add(CheckId::seal_revocation, Status::skip,
        self_anchor ? "self-anchored signer: no CSCA, so no CRL" : "no CSCA, so no CRL to consult");
  } else {
    using pki::detail::Revocation;
    const Status status = m_chain.revocation == Revocation::good      ? Status::pass
                          : m_chain.revocation == Revocation::revoked ? Status::fail
                                                                      : Status::warn;
    add(CheckId::seal_revocation, status, m_chain.revocation_message);
  }

  m_report.verdict.checks.push_back(
      pki::detail::judge_validity(CheckId::seal_time_signer, info, m_options.at, "signer certificate"));
  if (anchor != nullptr) {
    m_report.verdict.checks.push_back(
        pki::detail::judge_validity(CheckId::seal_time_csca, anchor->info, m_options.at, "CSCA"));
  } else {
    add(CheckId::seal_time_csca, Status::skip, "no CSCA");
  }
  const auto& signed_on = m_payload.signature->signing_date;
  if (!signed_on) {
    add(CheckId::seal_time_signing, Status::skip, "the payload carries no signature date");
  } else {
    const UnixTime t = to_unix_time(*signed_on);
    // A date, not an instant: the whole day counts.
    if (t + 86399 < info.not_before || t > info.not_after) {
      add(CheckId::seal_time_signing, Status::fail,
          "signed " + to_iso(*signed_on) + ", outside the signer certificate's validity " +
              day(info.not_before) + " .. " + day(info.not_after));
    } else {
      add(CheckId::seal_time_signing, Status::pass,
          "signed " + to_iso(*signed_on) + ", within the signer certificate's validity");
    }
  }

  // Country: the seal's issuing state = the signer's country = the CSCA's country.
  std::vector<std::pair<std::string, std::string>> seen;
  if (country) {
    seen.emplace_back("issuing state", *country);
  }
  const auto subject_country = info.subject_country;
  seen.emplace_back("signer", subject_country.value_or("(no country)"));
  if (anchor != nullptr) {
    seen.emplace_back("CSCA", anchor->info.subject_country.value_or("(no country)"));
  }
  m_report.verdict.checks.push_back(pki::detail::judge_countries(
      CheckId::seal_country, seen, country.has_value(),
      "the issuing state " + m_payload.issuing_state + " has no ISO alpha-2 code"));
}

} // namespace mrtd::seal::detail
