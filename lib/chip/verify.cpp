// Passive Authentication (9303-11 §5.1) with the checks of issue 3, in a fixed order. The
// verifier keeps going after a failure so that every check is reported, but nothing read from
// the SOD is reported as trustworthy unless its signature verified. This file: the shared
// helpers, EF.SOD's structure, the outcome and the order of the checks.

#include "chip/detail/verifier.hpp"

#include <openssl/err.h>
#include <openssl/objects.h>

#include <algorithm>

namespace mrtd::chip {

ChainCache::ChainCache() : m_impl(std::make_unique<Impl>()) {}
ChainCache::~ChainCache() = default;

std::size_t ChainCache::hits() const noexcept {
  return m_impl->chains.hits();
}

std::size_t ChainCache::misses() const noexcept {
  return m_impl->chains.misses();
}

namespace detail {


ByteView view(const ASN1_STRING* value) {
  return {ASN1_STRING_get0_data(value), static_cast<std::size_t>(ASN1_STRING_length(value))};
}

Bytes digest(const EVP_MD* md, ByteView data) {
  Bytes out(static_cast<std::size_t>(EVP_MD_get_size(md)));
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), out.data(), &size, md, nullptr) != 1) {
    return {};
  }
  out.resize(size);
  return out;
}


std::string day(UnixTime time) {
  return to_iso(to_civil(time));
}

// ISO alpha-2 of a three-letter MRZ state field (`D<<` -> DE, UTO -> UT).
std::optional<std::string> alpha2_of_state(std::string_view field) {
  const mrz::CountryInfo info = mrz::lookup_country(field);
  if (info.alpha2.empty()) {
    return std::nullopt;
  }
  return std::string(info.alpha2);
}

std::string oid_name(const ASN1_OBJECT* oid) {
  char buffer[128];
  const int nid = OBJ_obj2nid(oid);
  if (nid != NID_undef) {
    return OBJ_nid2ln(nid);
  }
  OBJ_obj2txt(buffer, sizeof buffer, oid, 1);
  return buffer;
}

void Verifier::check_structure() {
  auto& sod = m_sod;
  std::string shape = sod.wrapped ? "0x77 wrapper around a CMS SignedData"
                                  : "a CMS SignedData without the 0x77 wrapper";
  if (sod.signer_count != 1) {
    add(CheckId::chip_sod_structure, Status::fail,
        shape + " with " + std::to_string(sod.signer_count) +
            " SignerInfos: exactly one is allowed")
        .found = std::to_string(sod.signer_count);
  } else if (sod.trailing_bytes > 0) {
    add(CheckId::chip_sod_structure, Status::warn,
        shape + "; " + std::to_string(sod.trailing_bytes) + " bytes trail the TLV (ignored)");
  } else if (!sod.wrapped) {
    add(CheckId::chip_sod_structure, Status::warn, shape + " (EF.CardSecurity style)");
  } else {
    add(CheckId::chip_sod_structure, Status::pass, shape + " with one SignerInfo");
  }

  const std::string& type = sod.content_type;
  if (type == k_lds_oid) {
    add(CheckId::chip_sod_content_type, Status::pass, "id-icao-mrtd-security-ldsSecurityObject");
  } else if (type == "1.3.27.1.1.1" || type == "1.2.528.1.1006.1.20.1" ||
             type == "1.2.840.113549.1.7.1") {
    Check& check = add(CheckId::chip_sod_content_type, Status::warn,
                       "a legacy or generic eContentType (" + type + "), accepted");
    check.expected = k_lds_oid;
    check.found = type;
  } else {
    Check& check =
        add(CheckId::chip_sod_content_type, Status::fail, "eContentType " + type +
                                                              " is not an LDS Security Object");
    check.expected = k_lds_oid;
    check.found = type;
  }

  if (sod.lso_error) {
    add(CheckId::chip_sod_lds_security_object, Status::fail, *sod.lso_error);
  } else if (sod.lso_version != 0 && sod.lso_version != 1) {
    add(CheckId::chip_sod_lds_security_object, Status::fail,
        "LDSSecurityObject version " + std::to_string(sod.lso_version) + " (only v0 and v1 exist)")
        .expected = "0 or 1";
  } else if (sod.hash == nullptr) {
    add(CheckId::chip_sod_lds_security_object, Status::fail,
        "unsupported DG hash algorithm " + sod.hash_oid);
  } else if (!sod.lso_problems.empty()) {
    std::string text;
    for (const auto& problem : sod.lso_problems) {
      text += (text.empty() ? "" : "; ") + problem;
    }
    add(CheckId::chip_sod_lds_security_object, Status::fail, text);
  } else if (sod.lso_version == 1 && !sod.lds_version) {
    add(CheckId::chip_sod_lds_security_object, Status::warn,
        "LDSSecurityObject v1 without LDSVersionInfo");
  } else if (sod.lso_version == 0 && sod.lds_version) {
    add(CheckId::chip_sod_lds_security_object, Status::warn,
        "LDSSecurityObject v0 carrying LDSVersionInfo (a v1 field)");
  } else {
    add(CheckId::chip_sod_lds_security_object, Status::pass,
        "v" + std::to_string(sod.lso_version) + ", " + detail::digest_name(sod.hash) + ", " +
            std::to_string(sod.dg_hashes.size()) + " data group hashes");
  }
}

// valid only when the DG hashes, signature, signer, chain and country all passed; any fail is
// invalid; otherwise indeterminate (no CSCA of that state, no DG provided).
void Verifier::decide() {
  Verdict& verdict = m_report.verdict;
  auto ok = [&](CheckId id) {
    const Check* check = verdict.find(id);
    return check != nullptr && (check->status == Status::pass || check->status == Status::warn);
  };
  bool any_dg = false;
  for (int dg = 1; dg <= 16; ++dg) {
    const Check* check =
        verdict.find(static_cast<CheckId>(static_cast<int>(CheckId::chip_dg1_hash) + dg - 1));
    any_dg = any_dg || (check != nullptr && check->status == Status::pass);
  }
  const bool decisive = any_dg && ok(CheckId::chip_sod_signature) &&
                        ok(CheckId::chip_signer_certificate) &&
                        verdict.find(CheckId::chip_chain)->status == Status::pass &&
                        verdict.find(CheckId::chip_country)->status == Status::pass;
  const bool failed = std::ranges::any_of(
      verdict.checks, [](const Check& check) { return check.status == Status::fail; });
  verdict.outcome = failed ? Outcome::invalid : decisive ? Outcome::valid : Outcome::indeterminate;
}

Report Verifier::run() {
  if (!m_files.sod) {
    m_report.verdict =
        error_verdict(make_error(ErrorCode::malformed, "no EF.SOD among the chip files"));
    return std::move(m_report);
  }
  auto parsed = detail::parse_sod(*m_files.sod,
                                  m_cache != nullptr ? &m_cache->impl().certificates : nullptr);
  if (!parsed) {
    m_report.verdict = error_verdict(parsed.error());
    return std::move(m_report);
  }
  m_sod = std::move(*parsed);
  // One allocation for the checks instead of a regrowth per doubling: the 20 fixed ones and
  // one per data group listed or given (a miscount only costs a regrowth).
  constexpr std::size_t k_fixed_checks = 20;
  std::size_t dgs = m_sod.dg_hashes.size();
  for (const auto& [dg, file] : m_files.dgs) {
    if (!m_sod.dg_hashes.contains(dg)) {
      ++dgs;
    }
  }
  m_report.verdict.checks.reserve(k_fixed_checks + dgs);

  // DG1 first: its issuing state decides which country's CSCAs count.
  if (const auto dg1 = m_files.dgs.find(1); dg1 != m_files.dgs.end()) {
    if (auto text = dg1_mrz(dg1->second)) {
      m_report.dg1_mrz = *text;
      mrz::CheckOptions options;
      options.reference_date = to_civil(m_options.at);
      m_mrz = mrz::check(*text, options);
    } else {
      m_dg1_error = text.error().message;
    }
  }

  check_structure();
  check_signer_and_signature();
  check_chain();
  check_data_groups();
  check_dg1();
  check_authentication();
  decide();
  m_report.mrz = std::move(m_mrz);
  return std::move(m_report);
}

} // namespace detail

Report verify(const ChipFiles& files, const pki::TrustStore& trust, const VerifyOptions& options,
              ChainCache* cache) {
  return detail::Verifier(files, trust, options, cache).run();
}

} // namespace mrtd::chip
