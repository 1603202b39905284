#pragma once

// Internal: what the certificate profile checks of lint.cpp share — the OIDs, the tables of
// Doc 9303-12 Table 6, the Findings accumulator, the Subject of one run — and the checks
// themselves, split by what they read: lint_fields.cpp (version, serial, algorithms, key,
// validity, names) and lint_extensions.cpp (every extension).

#include "core/text.hpp"
#include "pki/detail/lint_der.hpp"
#include "pki/lint.hpp"

#include <openssl/types.h>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mrtd::pki::detail::lint {

using namespace detail::der;

// ---- OIDs -----------------------------------------------------------------------------------

inline constexpr std::string_view k_key_usage = "2.5.29.15";
inline constexpr std::string_view k_basic_constraints = "2.5.29.19";
inline constexpr std::string_view k_subject_key_id = "2.5.29.14";
inline constexpr std::string_view k_authority_key_id = "2.5.29.35";
inline constexpr std::string_view k_private_key_usage_period = "2.5.29.16";
inline constexpr std::string_view k_subject_alt_name = "2.5.29.17";
inline constexpr std::string_view k_issuer_alt_name = "2.5.29.18";
inline constexpr std::string_view k_crl_distribution_points = "2.5.29.31";
inline constexpr std::string_view k_extended_key_usage = "2.5.29.37";
inline constexpr std::string_view k_name_change = "2.23.136.1.1.6.1";
inline constexpr std::string_view k_document_type_list = "2.23.136.1.1.6.2";
inline constexpr std::string_view k_eku_master_list = "2.23.136.1.1.3";
inline constexpr std::string_view k_eku_deviation_list = "2.23.136.1.1.8";
inline constexpr std::string_view k_eku_vds_signer = "2.23.136.1.1.11.1";
inline constexpr std::string_view k_country_name = "2.5.4.6";
inline constexpr std::string_view k_common_name = "2.5.4.3";

// Extensions Table 6 (with its notes 1, 2 and 4) prohibits on every eMRTD certificate.
struct Prohibited {
  std::string_view oid;
  std::string_view name;
};
inline constexpr std::array<Prohibited, 6> k_prohibited{{
    {"2.5.29.30", "nameConstraints"},
    {"2.5.29.33", "policyMappings"},
    {"2.5.29.36", "policyConstraints"},
    {"2.5.29.54", "inhibitAnyPolicy"},
    {"2.5.29.46", "freshestCRL"},
    {"2.16.840.1.113730.1.1", "netscapeCertType"},
}};

// Extensions Table 6 knows that must be non-critical, with their names for messages.
inline constexpr std::array<Prohibited, 12> k_non_critical{{
    {k_subject_key_id, "subjectKeyIdentifier"},
    {k_authority_key_id, "authorityKeyIdentifier"},
    {k_private_key_usage_period, "privateKeyUsagePeriod"},
    {"2.5.29.32", "certificatePolicies"},
    {k_subject_alt_name, "subjectAltName"},
    {k_issuer_alt_name, "issuerAltName"},
    {"2.5.29.9", "subjectDirectoryAttributes"},
    {k_crl_distribution_points, "cRLDistributionPoints"},
    {"1.3.6.1.5.5.7.1.1", "authorityInfoAccess"},
    {"1.3.6.1.5.5.7.1.11", "subjectInfoAccess"},
    {k_name_change, "nameChange"},
    {k_document_type_list, "documentTypeList"},
}};

// ---- check results --------------------------------------------------------------------------

// The findings of one check: the worst status wins, and every finding goes into the message,
// so a single run shows everything to fix.
class Findings {
public:
  void fail(std::string text) { add(Status::fail, std::move(text)); }
  void warn(std::string text) { add(Status::warn, std::move(text)); }
  void expect(std::string expected, std::string found) {
    m_expected = std::move(expected);
    m_found = std::move(found);
  }

  Check& report(Verdict& verdict, CheckId id, std::string pass_message) {
    Status status = Status::pass;
    if (m_fail) {
      status = Status::fail;
    } else if (m_warn) {
      status = Status::warn;
    }
    std::string message = std::move(pass_message);
    if (!m_texts.empty()) {
      message.clear();
      for (const auto& text : m_texts) {
        message += message.empty() ? text : "; " + text;
      }
    }
    Check& check = verdict.add(id, status, std::move(message));
    check.expected = m_expected;
    check.found = m_found;
    return check;
  }

private:
  void add(Status status, std::string text) {
    (status == Status::fail ? m_fail : m_warn) = true;
    m_texts.push_back(std::move(text));
  }

  bool m_fail = false;
  bool m_warn = false;
  std::vector<std::string> m_texts;
  std::optional<std::string> m_expected;
  std::optional<std::string> m_found;
};

inline bool is_ca_profile(LintProfile profile) {
  return profile == LintProfile::csca || profile == LintProfile::link;
}

inline std::string profile_label(LintProfile profile) {
  switch (profile) {
  case LintProfile::csca:
    return "a self-signed CSCA";
  case LintProfile::link:
    return "a CSCA link certificate";
  case LintProfile::dsc:
    return "a Document Signer";
  case LintProfile::mlsigner:
    return "a Master List Signer";
  case LintProfile::dlsigner:
    return "a Deviation List Signer";
  case LintProfile::barcode_signer:
    return "a Bar Code Signer";
  case LintProfile::automatic:
    break;
  }
  return "this profile";
}

// Everything one lint run needs, built once.
struct Subject {
  const RawCertificate& raw;
  const CertificateInfo& info;
  LintProfile profile;
  UnixTime at;
};


inline std::string join(const std::vector<std::string>& items) {
  return items.empty() ? "(none)" : mrtd::join(items, ", ");
}

inline const Attribute* find_attribute(const std::vector<Attribute>& attributes, std::string_view oid) {
  for (const auto& attribute : attributes) {
    if (attribute.oid == oid) {
      return &attribute;
    }
  }
  return nullptr;
}

// ---- the checks, one function per check id (lint_fields.cpp, lint_extensions.cpp) --------

// lint_fields.cpp: the certificate's own fields and names.
void check_version(Verdict& verdict, const Subject& s);
void check_serial(Verdict& verdict, const Subject& s);
void check_signature_algorithm(Verdict& verdict, const Subject& s);
void check_key_size(Verdict& verdict, const Subject& s);
void check_validity(Verdict& verdict, const Subject& s);
void check_country(Verdict& verdict, const std::vector<Attribute>& issuer,
                   const std::vector<Attribute>& subject);
void check_issuer_subject(Verdict& verdict, const Subject& s, const X509* cert,
                          const std::vector<Attribute>& issuer,
                          const std::vector<Attribute>& subject);
void check_time(Verdict& verdict, const Subject& s);

// lint_extensions.cpp: the extensions.
void check_key_usage(Verdict& verdict, const Subject& s);
void check_basic_constraints(Verdict& verdict, const Subject& s);
void check_ski(Verdict& verdict, const Subject& s);
void check_aki(Verdict& verdict, const Subject& s);
void check_extensions(Verdict& verdict, const Subject& s);
void check_crl_distribution_points(Verdict& verdict, const Subject& s);
void check_alt_names(Verdict& verdict, const Subject& s);
void check_document_type_list(Verdict& verdict, const Subject& s);

} // namespace mrtd::pki::detail::lint
