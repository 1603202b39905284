// Certificate profile lint against ICAO Doc 9303-12 §7.1 (see lint.hpp).
//
// The form rules (explicitly encoded defaults, string types, time encodings, OCTET STRING
// wrappers) are invisible once OpenSSL has decoded a certificate, so the checks read the DER
// itself with the small walker below; OpenSSL decodes the key and the named fields
// (CertificateInfo) and decides self-signedness.

#include "pki/lint.hpp"

#include "pki/detail/certificate.hpp"
#include "pki/detail/lint_der.hpp"
#include "pki/detail/name.hpp"

#include <openssl/asn1.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <climits>
#include <cstdint>
#include <set>
#include <string>
#include <utility>

namespace mrtd::pki {

namespace {

using namespace detail::der;

// ---- OIDs -----------------------------------------------------------------------------------

constexpr std::string_view k_key_usage = "2.5.29.15";
constexpr std::string_view k_basic_constraints = "2.5.29.19";
constexpr std::string_view k_subject_key_id = "2.5.29.14";
constexpr std::string_view k_authority_key_id = "2.5.29.35";
constexpr std::string_view k_private_key_usage_period = "2.5.29.16";
constexpr std::string_view k_subject_alt_name = "2.5.29.17";
constexpr std::string_view k_issuer_alt_name = "2.5.29.18";
constexpr std::string_view k_crl_distribution_points = "2.5.29.31";
constexpr std::string_view k_extended_key_usage = "2.5.29.37";
constexpr std::string_view k_name_change = "2.23.136.1.1.6.1";
constexpr std::string_view k_document_type_list = "2.23.136.1.1.6.2";
constexpr std::string_view k_eku_master_list = "2.23.136.1.1.3";
constexpr std::string_view k_eku_deviation_list = "2.23.136.1.1.8";
constexpr std::string_view k_eku_vds_signer = "2.23.136.1.1.11.1";
constexpr std::string_view k_country_name = "2.5.4.6";
constexpr std::string_view k_common_name = "2.5.4.3";

// Extensions Table 6 (with its notes 1, 2 and 4) prohibits on every eMRTD certificate.
struct Prohibited {
  std::string_view oid;
  std::string_view name;
};
constexpr std::array<Prohibited, 6> k_prohibited{{
    {"2.5.29.30", "nameConstraints"},
    {"2.5.29.33", "policyMappings"},
    {"2.5.29.36", "policyConstraints"},
    {"2.5.29.54", "inhibitAnyPolicy"},
    {"2.5.29.46", "freshestCRL"},
    {"2.16.840.1.113730.1.1", "netscapeCertType"},
}};

// Extensions Table 6 knows that must be non-critical, with their names for messages.
constexpr std::array<Prohibited, 12> k_non_critical{{
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

bool is_ca_profile(LintProfile profile) {
  return profile == LintProfile::csca || profile == LintProfile::link;
}

std::string profile_label(LintProfile profile) {
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

// ---- the checks -----------------------------------------------------------------------------

void check_version(Verdict& verdict, const Subject& s) {
  Findings f;
  std::string found = "v1 (no version field)";
  if (s.raw.version) {
    const ByteView v = *s.raw.version;
    found = v.size() == 1 ? "v" + std::to_string(v[0] + 1) : "an oversized INTEGER";
    if (!(v.size() == 1 && v[0] == 2)) {
      f.fail("version is " + found + ", not v3");
    }
  } else {
    f.fail("version field absent (v1); eMRTD certificates MUST be v3");
  }
  f.expect("v3", found);
  if (s.raw.issuer_unique_id) {
    f.fail("issuerUniqueID present (Table 5: do not use)");
  }
  if (s.raw.subject_unique_id) {
    f.fail("subjectUniqueID present (Table 5: do not use)");
  }
  f.report(verdict, CheckId::pki_lint_version, "X.509 v3 without unique identifiers");
}

void check_serial(Verdict& verdict, const Subject& s) {
  Findings f;
  const ByteView v = s.raw.serial;
  f.expect("positive, minimal two's complement, 1..20 octets",
           std::to_string(v.size()) + " octet(s): " + detail::hex_string(v.data(), v.size()));
  if (v.empty()) {
    f.fail("serialNumber has no content octets");
  } else {
    if ((v[0] & 0x80) != 0) {
      f.fail("serialNumber is negative");
    } else if (std::all_of(v.begin(), v.end(), [](std::uint8_t b) { return b == 0; })) {
      f.fail("serialNumber is zero, not positive");
    }
    if (v.size() > 1 &&
        ((v[0] == 0x00 && (v[1] & 0x80) == 0) || (v[0] == 0xFF && (v[1] & 0x80) != 0))) {
      f.fail("serialNumber is not in the smallest number of octets");
    }
    if (v.size() > 20) {
      f.fail("serialNumber is " + std::to_string(v.size()) + " octets, more than 20");
    }
  }
  f.report(verdict, CheckId::pki_lint_serial,
           "positive serial number of " + std::to_string(v.size()) + " octet(s)");
}

enum class Strength { good, weak, bad };

// The hash of a signature or hash AlgorithmIdentifier OID.
std::optional<std::pair<std::string, Strength>> hash_of(std::string_view oid) {
  static const std::array<std::pair<std::string_view, std::pair<std::string_view, Strength>>, 7>
      k_hashes{{
          {"1.3.14.3.2.26", {"SHA-1", Strength::weak}},
          {"2.16.840.1.101.3.4.2.4", {"SHA-224", Strength::good}},
          {"2.16.840.1.101.3.4.2.1", {"SHA-256", Strength::good}},
          {"2.16.840.1.101.3.4.2.2", {"SHA-384", Strength::good}},
          {"2.16.840.1.101.3.4.2.3", {"SHA-512", Strength::good}},
          {"1.2.840.113549.2.5", {"MD5", Strength::bad}},
          {"1.2.840.113549.2.2", {"MD2", Strength::bad}},
      }};
  for (const auto& [id, hash] : k_hashes) {
    if (id == oid) {
      return std::pair<std::string, Strength>{std::string(hash.first), hash.second};
    }
  }
  return std::nullopt;
}

// RSASSA-PSS-params (RFC 4055 §3.1): the hash of [0] (default SHA-1) and of MGF1 in [1].
void check_pss_parameters(ByteView parameters, Findings& f) {
  auto sequence = single(parameters, 0x30);
  if (!sequence) {
    f.fail("RSASSA-PSS without RSASSA-PSS-params");
    return;
  }
  DerReader fields(sequence->value);
  std::string hash_oid = "1.3.14.3.2.26";
  std::string mgf_hash_oid = "1.3.14.3.2.26";
  if (auto hash = fields.next_if(0xA0)) {
    auto algorithm = single(hash->value, 0x30);
    auto oid = algorithm ? DerReader(algorithm->value).next() : std::nullopt;
    hash_oid = oid && oid->tag == 0x06 ? dotted_oid(oid->value) : "";
  }
  if (auto mgf = fields.next_if(0xA1)) {
    auto algorithm = single(mgf->value, 0x30);
    if (algorithm) {
      DerReader parts(algorithm->value);
      parts.next(); // id-mgf1
      auto inner = parts.next();
      auto oid = inner && inner->tag == 0x30 ? DerReader(inner->value).next() : std::nullopt;
      mgf_hash_oid = oid && oid->tag == 0x06 ? dotted_oid(oid->value) : "";
    }
  }
  const auto hash = hash_of(hash_oid);
  if (!hash) {
    f.fail("RSASSA-PSS hash algorithm " + hash_oid + " is not permitted");
  } else if (hash->second == Strength::weak) {
    f.warn("RSASSA-PSS with " + hash->first +
           " (only SHA-224/256/384/512 are permitted now; earlier editions allowed SHA-1)");
  } else if (hash->second == Strength::bad) {
    f.fail("RSASSA-PSS with " + hash->first + " is not permitted");
  }
  const auto mgf_hash = hash_of(mgf_hash_oid);
  if (!mgf_hash || mgf_hash->second == Strength::bad) {
    f.fail("MGF1 hash " + mgf_hash_oid + " is not permitted");
  }
}

void check_signature_algorithm(Verdict& verdict, const Subject& s) {
  Findings f;
  DerReader algorithm(single(s.raw.signature_algorithm, 0x30)->value);
  auto oid_tlv = algorithm.next();
  const std::string oid = oid_tlv && oid_tlv->tag == 0x06 ? dotted_oid(oid_tlv->value) : "";
  f.expect("RSA (PKCS#1 v1.5 or PSS), DSA or ECDSA with SHA-224/256/384/512",
           s.info.signature_algorithm.empty() ? oid : s.info.signature_algorithm);
  struct Known {
    std::string_view oid;
    std::string_view hash;
    Strength strength;
  };
  static constexpr std::array<Known, 20> k_algorithms{{
      {"1.2.840.113549.1.1.14", "SHA-224", Strength::good},
      {"1.2.840.113549.1.1.11", "SHA-256", Strength::good},
      {"1.2.840.113549.1.1.12", "SHA-384", Strength::good},
      {"1.2.840.113549.1.1.13", "SHA-512", Strength::good},
      {"1.2.840.113549.1.1.5", "SHA-1", Strength::weak},
      {"1.2.840.113549.1.1.4", "MD5", Strength::bad},
      {"1.2.840.113549.1.1.2", "MD2", Strength::bad},
      {"1.2.840.113549.1.1.3", "MD4", Strength::bad},
      {"1.2.840.10045.4.3.1", "SHA-224", Strength::good},
      {"1.2.840.10045.4.3.2", "SHA-256", Strength::good},
      {"1.2.840.10045.4.3.3", "SHA-384", Strength::good},
      {"1.2.840.10045.4.3.4", "SHA-512", Strength::good},
      {"1.2.840.10045.4.1", "SHA-1", Strength::weak},
      {"2.16.840.1.101.3.4.3.1", "SHA-224", Strength::good},
      {"2.16.840.1.101.3.4.3.2", "SHA-256", Strength::good},
      {"2.16.840.1.101.3.4.3.3", "SHA-384", Strength::good},
      {"2.16.840.1.101.3.4.3.4", "SHA-512", Strength::good},
      {"1.2.840.10040.4.3", "SHA-1", Strength::weak},
      {"1.2.840.113549.1.1.10", "", Strength::good}, // RSASSA-PSS: hash in the parameters
      {"1.3.14.3.2.29", "SHA-1", Strength::weak},    // sha1WithRSASignature (OIW)
  }};
  const auto known = std::find_if(k_algorithms.begin(), k_algorithms.end(),
                                  [&](const Known& k) { return k.oid == oid; });
  if (known == k_algorithms.end()) {
    f.fail("signature algorithm " + oid + " is not permitted by 9303-12 §4.1.6");
  } else if (known->oid == "1.2.840.113549.1.1.10") {
    auto parameters = algorithm.next();
    check_pss_parameters(parameters ? parameters->whole : ByteView{}, f);
  } else if (known->strength == Strength::weak) {
    f.warn(std::string(known->hash) +
           " signature: only SHA-224/256/384/512 are permitted now (earlier editions allowed "
           "SHA-1)");
  } else if (known->strength == Strength::bad) {
    f.fail(std::string(known->hash) + " signature is not permitted");
  }
  if (!same_bytes(s.raw.tbs_signature, s.raw.signature_algorithm)) {
    f.fail("tbsCertificate.signature differs from signatureAlgorithm");
  }
  f.report(verdict, CheckId::pki_lint_signature_algorithm,
           "permitted signature algorithm " + s.info.signature_algorithm);
}

void check_key_size(Verdict& verdict, const Subject& s) {
  Findings f;
  const KeyInfo& key = s.info.key;
  std::string found = key.algorithm + " " + std::to_string(key.bits);
  if (key.curve) {
    found += " " + *key.curve + (key.explicit_parameters ? " (explicit parameters)" : "");
  }
  if (key.algorithm == "RSA" || key.algorithm == "RSASSA-PSS" || key.algorithm == "DSA") {
    f.expect(">= 2048 bits", found);
    if (key.bits < 1024) {
      f.fail(key.algorithm + " key of " + std::to_string(key.bits) + " bits is too short");
    } else if (key.bits < 2048) {
      f.warn(key.algorithm + " key of " + std::to_string(key.bits) +
             " bits: below 2048 (suitable only for old certificates)");
    }
  } else if (key.algorithm == "EC") {
    f.expect(">= 224 bits, explicit domain parameters", found);
    if (key.bits < 192) {
      f.fail("EC key of " + std::to_string(key.bits) + " bits is too short");
    } else if (key.bits < 224) {
      f.warn("EC key of " + std::to_string(key.bits) + " bits: below 224");
    }
    if (!key.explicit_parameters) {
      f.warn("EC domain parameters are a named curve; 9303-12 §4.1.6.3 requires explicit "
             "ECParameters");
    }
  } else {
    f.expect("RSA, DSA or EC", key.algorithm.empty() ? "unreadable key" : key.algorithm);
    f.fail(key.algorithm.empty()
               ? "the public key cannot be decoded"
               : "public key algorithm " + key.algorithm + " is not RSA, DSA or EC");
  }
  f.report(verdict, CheckId::pki_lint_key_size, "public key " + found);
}

std::string join(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) {
    text += text.empty() ? item : ", " + item;
  }
  return text.empty() ? "(none)" : text;
}

void check_key_usage(Verdict& verdict, const Subject& s) {
  Findings f;
  const RawExtension* extension = s.raw.find(k_key_usage);
  const std::vector<std::string> expected = is_ca_profile(s.profile)
                                                ? std::vector<std::string>{"keyCertSign", "cRLSign"}
                                                : std::vector<std::string>{"digitalSignature"};
  f.expect("critical: " + join(expected),
           extension
               ? (extension->critical ? "critical: " : "non-critical: ") + join(s.info.key_usage)
               : "absent");
  if (extension == nullptr) {
    f.fail("keyUsage is absent");
  } else {
    if (!extension->critical) {
      f.fail("keyUsage is not critical");
    }
    for (const auto& bit : expected) {
      if (std::find(s.info.key_usage.begin(), s.info.key_usage.end(), bit) ==
          s.info.key_usage.end()) {
        f.fail(bit + " is not set");
      }
    }
    for (const auto& bit : s.info.key_usage) {
      if (std::find(expected.begin(), expected.end(), bit) == expected.end()) {
        f.fail(bit + " is set; " + profile_label(s.profile) + " has only " + join(expected));
      }
    }
  }
  f.report(verdict, CheckId::pki_lint_key_usage, "critical keyUsage " + join(expected));
}

// BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER OPTIONAL }
void check_basic_constraints(Verdict& verdict, const Subject& s) {
  Findings f;
  const RawExtension* extension = s.raw.find(k_basic_constraints);
  std::string found = "absent";
  bool ca = false;
  std::optional<long> path_length;
  bool parsed = false;
  if (extension != nullptr) {
    if (auto sequence = single(extension->value, 0x30)) {
      DerReader fields(sequence->value);
      parsed = true;
      if (auto flag = fields.next_if(0x01)) {
        ca = !flag->value.empty() && flag->value[0] != 0;
      }
      if (auto integer = fields.next_if(0x02)) {
        long value = 0;
        for (const std::uint8_t b : integer->value) {
          value = value * 256 + b;
        }
        path_length = value;
      }
      parsed = fields.at_end();
    }
    found = std::string(extension->critical ? "critical, " : "non-critical, ") +
            (ca ? "cA TRUE" : "cA FALSE") +
            (path_length ? ", pathLen " + std::to_string(*path_length) : "");
  }
  if (extension != nullptr && !parsed) {
    f.fail("basicConstraints is not a valid BasicConstraints");
  }
  if (is_ca_profile(s.profile)) {
    f.expect("critical, cA TRUE, pathLen 0", found);
    if (extension == nullptr) {
      f.fail("basicConstraints is absent");
    } else {
      if (!extension->critical) {
        f.fail("basicConstraints is not critical");
      }
      if (!ca) {
        f.fail("cA is not TRUE");
      }
      if (!path_length) {
        f.fail("pathLenConstraint is absent; it MUST be 0");
      } else if (*path_length != 0) {
        f.fail("pathLenConstraint is " + std::to_string(*path_length) + ", not 0");
      }
    }
  } else {
    f.expect("absent", found);
    if (extension != nullptr) {
      if (ca) {
        f.fail("cA is TRUE on " + profile_label(s.profile));
      } else if (path_length) {
        f.fail("pathLenConstraint present without cA");
      } else {
        f.warn("basicConstraints present on " + profile_label(s.profile) +
               " (Table 6: do not use; cA FALSE is harmless)");
      }
    }
  }
  f.report(verdict, CheckId::pki_lint_basic_constraints,
           is_ca_profile(s.profile) ? "critical basicConstraints cA TRUE, pathLen 0"
                                    : "no basicConstraints (not a CA)");
}

void check_ski(Verdict& verdict, const Subject& s) {
  Findings f;
  const RawExtension* extension = s.raw.find(k_subject_key_id);
  const bool mandatory = is_ca_profile(s.profile);
  f.expect(mandatory ? "present, non-critical OCTET STRING" : "optional; non-critical OCTET STRING",
           extension ? "present" : "absent");
  if (extension == nullptr) {
    if (mandatory) {
      f.fail("subjectKeyIdentifier is absent; mandatory for " + profile_label(s.profile));
    }
  } else {
    if (extension->critical) {
      f.fail("subjectKeyIdentifier is critical");
    }
    auto octets = single(extension->value, 0x04);
    if (!octets) {
      f.fail("subjectKeyIdentifier is not an OCTET STRING (raw key id bytes?)");
    } else if (octets->value.empty()) {
      f.fail("subjectKeyIdentifier is empty");
    } else {
      f.expect(mandatory ? "present, non-critical OCTET STRING"
                         : "optional; non-critical OCTET STRING",
               detail::hex_string(octets->value.data(), octets->value.size()));
    }
  }
  f.report(verdict, CheckId::pki_lint_ski,
           extension ? "subjectKeyIdentifier well formed"
                     : "subjectKeyIdentifier absent (optional)");
}

// AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] OPTIONAL, authorityCertIssuer [1]
// OPTIONAL, authorityCertSerialNumber [2] OPTIONAL }
void check_aki(Verdict& verdict, const Subject& s) {
  Findings f;
  const RawExtension* extension = s.raw.find(k_authority_key_id);
  const bool optional = s.profile == LintProfile::csca;
  f.expect(optional ? "optional on a self-signed CSCA; keyIdentifier = SKI"
                    : "present, non-critical, with keyIdentifier",
           extension ? "present" : "absent");
  if (extension == nullptr) {
    if (!optional) {
      f.fail("authorityKeyIdentifier is absent; mandatory for " + profile_label(s.profile));
    }
  } else {
    if (extension->critical) {
      f.fail("authorityKeyIdentifier is critical");
    }
    auto sequence = single(extension->value, 0x30);
    std::optional<Tlv> key_id;
    if (!sequence) {
      f.fail("authorityKeyIdentifier is not a SEQUENCE");
    } else {
      key_id = DerReader(sequence->value).next_if(0x80);
      if (!key_id || key_id->value.empty()) {
        f.fail("authorityKeyIdentifier has no keyIdentifier");
      } else {
        const std::string hex = detail::hex_string(key_id->value.data(), key_id->value.size());
        f.expect(optional ? "optional on a self-signed CSCA; keyIdentifier = SKI"
                          : "present, non-critical, with keyIdentifier",
                 hex);
        if (s.profile == LintProfile::csca && s.info.subject_key_id &&
            *s.info.subject_key_id != hex) {
          f.fail("keyIdentifier of a self-signed CSCA differs from its subjectKeyIdentifier");
        }
      }
    }
  }
  f.report(verdict, CheckId::pki_lint_aki,
           extension ? "authorityKeyIdentifier with keyIdentifier"
                     : "authorityKeyIdentifier absent (optional on a self-signed CSCA)");
}

// RFC 5280 §4.1.2.5: UTCTime YYMMDDHHMMSSZ through 2049, GeneralizedTime YYYYMMDDHHMMSSZ from
// 2050. Returns a problem, or "" when the encoding is right.
std::string time_problem(const Tlv& time, std::string_view which) {
  const std::string text = as_text(time.value);
  const bool digits = !text.empty() && std::all_of(text.begin(), text.end() - 1,
                                                   [](char c) { return c >= '0' && c <= '9'; });
  if (time.tag == 0x17) {
    if (text.size() != 13 || text.back() != 'Z' || !digits) {
      return std::string(which) + " UTCTime '" + text + "' is not YYMMDDHHMMSSZ";
    }
    return {};
  }
  if (time.tag == 0x18) {
    if (text.size() != 15 || text.back() != 'Z' || !digits) {
      return std::string(which) + " GeneralizedTime '" + text + "' is not YYYYMMDDHHMMSSZ";
    }
    if (text.compare(0, 4, "2050") < 0) {
      return std::string(which) + " is a GeneralizedTime before 2050 (MUST be UTCTime)";
    }
    return {};
  }
  return std::string(which) + " is neither UTCTime nor GeneralizedTime";
}

// `from` plus `years` and `months` on the calendar (the day clamped to the month's end).
UnixTime add_calendar(UnixTime from, int years, int months) {
  const CivilDate date = to_civil(from);
  int month = date.month - 1 + months;
  int year = date.year + years + month / 12;
  month = month % 12 + 1;
  int day = date.day;
  while (day > 28 && !is_valid_date(year, month, day)) {
    --day;
  }
  const UnixTime midnight = to_unix_time(CivilDate{date.year, date.month, date.day});
  return to_unix_time(CivilDate{year, month, day}) + (from - midnight);
}

// privateKeyUsagePeriod ::= SEQUENCE { notBefore [0] GeneralizedTime OPTIONAL, notAfter [1] ... }
void check_private_key_usage_period(const Subject& s, Findings& f) {
  const RawExtension* extension = s.raw.find(k_private_key_usage_period);
  if (extension == nullptr) {
    return;
  }
  auto sequence = single(extension->value, 0x30);
  if (!sequence) {
    f.fail("privateKeyUsagePeriod is not a SEQUENCE");
    return;
  }
  DerReader fields(sequence->value);
  auto not_before = fields.next_if(0x80);
  auto not_after = fields.next_if(0x81);
  if ((!not_before && !not_after) || !fields.at_end()) {
    f.fail("privateKeyUsagePeriod needs notBefore and/or notAfter and nothing else");
    return;
  }
  for (const auto& [time, which] : {std::pair{not_before, "privateKeyUsagePeriod notBefore"},
                                    std::pair{not_after, "privateKeyUsagePeriod notAfter"}}) {
    if (!time) {
      continue;
    }
    const std::string text = as_text(time->value);
    if (text.size() != 15 || text.back() != 'Z') {
      f.fail(std::string(which) + " '" + text + "' is not GeneralizedTime YYYYMMDDHHMMSSZ");
    }
  }
}

void check_validity(Verdict& verdict, const Subject& s) {
  Findings f;
  for (const auto& problem :
       {time_problem(s.raw.not_before, "notBefore"), time_problem(s.raw.not_after, "notAfter")}) {
    if (!problem.empty()) {
      f.fail(problem);
    }
  }
  const std::string period =
      to_iso_instant(s.info.not_before) + " .. " + to_iso_instant(s.info.not_after);
  std::string limit = "no limit (discretion of the issuer, Table 1)";
  std::optional<UnixTime> latest;
  if (is_ca_profile(s.profile)) {
    limit = "at most 15 years (CSCA: 3-5 years of key use + 10 years, Table 1)";
    latest = add_calendar(s.info.not_before, 15, 0);
  } else if (s.profile == LintProfile::dsc) {
    limit = "at most 10 years 3 months (DSC: up to 3 months of key use + ~10 years, Table 1)";
    latest = add_calendar(s.info.not_before, 10, 3);
  }
  f.expect(limit, period);
  if (s.info.not_after <= s.info.not_before) {
    f.fail("notAfter is not after notBefore");
  } else if (latest && s.info.not_after > *latest) {
    f.warn("validity " + period + " is longer than Table 1 suggests (" + limit + ")");
  }
  check_private_key_usage_period(s, f);
  f.report(verdict, CheckId::pki_lint_validity, "validity " + period + " well formed");
}

// ISO 3166-1 alpha-2 codes, plus the two-letter codes ICAO data uses beside them: EU, UN
// (organisations issuing travel documents), XK (Kosovo, user-assigned), UT (Utopia, ICAO's
// specimen state; alpha-3 UTO in 9303-3).
bool known_country(std::string_view code) {
  static constexpr std::string_view k_codes =
      "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ "
      "BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM "
      "DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS "
      "GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN "
      "KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ "
      "MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM "
      "PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV "
      "SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI "
      "VN VU WF WS YE YT ZA ZM ZW EU UN XK UT";
  if (code.size() != 2) {
    return false;
  }
  for (std::size_t i = 0; i + 2 <= k_codes.size(); i += 3) {
    if (k_codes.substr(i, 2) == code) {
      return true;
    }
  }
  return false;
}

const Attribute* find_attribute(const std::vector<Attribute>& attributes, std::string_view oid) {
  for (const auto& attribute : attributes) {
    if (attribute.oid == oid) {
      return &attribute;
    }
  }
  return nullptr;
}

void check_country(Verdict& verdict, const std::vector<Attribute>& issuer,
                   const std::vector<Attribute>& subject) {
  Findings f;
  const Attribute* issuer_c = find_attribute(issuer, k_country_name);
  const Attribute* subject_c = find_attribute(subject, k_country_name);
  f.expect("the same upper-case PrintableString code in issuer and subject",
           "issuer C=" + (issuer_c ? issuer_c->value : std::string("(absent)")) +
               ", subject C=" + (subject_c ? subject_c->value : std::string("(absent)")));
  for (const auto& [c, which] : {std::pair{issuer_c, "issuer"}, std::pair{subject_c, "subject"}}) {
    if (c == nullptr) {
      f.fail(std::string(which) + " has no countryName");
      continue;
    }
    if (c->tag != 0x13) {
      f.fail(std::string(which) + " countryName is not a PrintableString");
    }
    const bool upper =
        c->value.size() == 2 && std::all_of(c->value.begin(), c->value.end(),
                                            [](char ch) { return ch >= 'A' && ch <= 'Z'; });
    if (!upper) {
      f.fail(std::string(which) + " countryName '" + c->value + "' is not two upper-case letters");
    } else if (!known_country(c->value)) {
      f.fail(std::string(which) + " countryName '" + c->value +
             "' is not an ISO 3166-1 alpha-2 or ICAO code");
    }
  }
  if (issuer_c != nullptr && subject_c != nullptr && issuer_c->value != subject_c->value) {
    f.fail("countryName differs between issuer and subject");
  }
  f.report(verdict, CheckId::pki_lint_country,
           "countryName " + (subject_c ? subject_c->value : std::string()) +
               " in issuer and subject");
}

// Attributes whose syntax is not DirectoryString, with the string type they must have.
bool string_type_ok(const Attribute& attribute) {
  if (attribute.oid == k_country_name || attribute.oid == "2.5.4.5") { // serialNumber
    return attribute.tag == 0x13;
  }
  if (attribute.oid == "1.2.840.113549.1.9.1" ||
      attribute.oid == "0.9.2342.19200300.100.1.25") { // emailAddress, domainComponent
    return attribute.tag == 0x16;
  }
  return attribute.tag == 0x13 || attribute.tag == 0x0C;
}

std::string tag_name(std::uint8_t tag) {
  switch (tag) {
  case 0x0C:
    return "UTF8String";
  case 0x13:
    return "PrintableString";
  case 0x14:
    return "TeletexString";
  case 0x16:
    return "IA5String";
  case 0x1C:
    return "UniversalString";
  case 0x1E:
    return "BMPString";
  default:
    return "tag " + std::to_string(tag);
  }
}

void check_issuer_subject(Verdict& verdict, const Subject& s, const X509* cert,
                          const std::vector<Attribute>& issuer,
                          const std::vector<Attribute>& subject) {
  Findings f;
  f.expect("commonName in both; PrintableString or UTF8String values",
           "issuer " + s.info.issuer + "; subject " + s.info.subject);
  for (const auto& [attributes, which] :
       {std::pair{&issuer, "issuer"}, std::pair{&subject, "subject"}}) {
    if (find_attribute(*attributes, k_common_name) == nullptr) {
      f.fail(std::string(which) + " has no commonName");
    }
    for (const auto& attribute : *attributes) {
      if (!string_type_ok(attribute) && attribute.oid != k_country_name) {
        f.fail(std::string(which) + " attribute " + attribute.oid + " is a " +
               tag_name(attribute.tag));
      }
    }
  }
  const bool same_name =
      detail::names_equal_unordered(X509_get_issuer_name(cert), X509_get_subject_name(cert));
  if (s.profile == LintProfile::csca && !same_name) {
    f.fail("a self-signed CSCA has issuer = subject");
  } else if (s.profile == LintProfile::link && !same_name && s.raw.find(k_name_change) == nullptr) {
    f.fail("issuer differs from subject without the nameChange extension (§7.1.1.5)");
  } else if (!is_ca_profile(s.profile) && same_name) {
    f.fail("issuer equals subject on " + profile_label(s.profile));
  }
  if (s.profile == LintProfile::barcode_signer) {
    for (const auto& attribute : subject) {
      if (attribute.oid != k_country_name && attribute.oid != k_common_name) {
        f.fail("a Bar Code Signer subject holds only countryName and commonName (found " +
               attribute.oid + ")");
      }
    }
    const Attribute* cn = find_attribute(subject, k_common_name);
    if (cn != nullptr && (cn->tag != 0x13 || cn->value.size() != 2 ||
                          !std::all_of(cn->value.begin(), cn->value.end(), [](char c) {
                            return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
                          }))) {
      f.fail("a Bar Code Signer commonName is two upper-case PrintableString characters (§7.1.3)");
    }
  }
  f.report(verdict, CheckId::pki_lint_issuer_subject, "issuer and subject names well formed");
}

void check_extensions(Verdict& verdict, const Subject& s) {
  Findings f;
  std::set<std::string> seen;
  std::vector<std::string> critical;
  for (const auto& extension : s.raw.extensions) {
    if (!seen.insert(extension.oid).second) {
      f.fail("extension " + extension.oid + " appears more than once");
    }
    if (extension.critical) {
      critical.push_back(extension.oid);
    }
    if (extension.critical_encoded_false) {
      f.fail("extension " + extension.oid + " encodes critical FALSE (a default value)");
    }
    for (const auto& p : k_prohibited) {
      if (p.oid == extension.oid) {
        f.fail(std::string(p.name) + " is prohibited (Table 6)");
      }
    }
    for (const auto& nc : k_non_critical) {
      if (nc.oid == extension.oid && extension.critical) {
        f.fail(std::string(nc.name) + " MUST be non-critical");
      }
    }
    const bool known = extension.oid == k_key_usage || extension.oid == k_basic_constraints ||
                       extension.oid == k_extended_key_usage ||
                       std::any_of(k_prohibited.begin(), k_prohibited.end(),
                                   [&](const Prohibited& p) { return p.oid == extension.oid; }) ||
                       std::any_of(k_non_critical.begin(), k_non_critical.end(),
                                   [&](const Prohibited& p) { return p.oid == extension.oid; });
    if (!known && extension.critical) {
      f.fail("unknown critical extension " + extension.oid);
    }
    if (extension.value.size() == 2 && extension.value[0] == 0x30 && extension.value[1] == 0) {
      // An empty SEQUENCE says no more than leaving the extension out (e.g. basicConstraints
      // with cA DEFAULT FALSE): ICAO's PKD reports it as a default value encoded.
      f.fail("extension " + extension.oid + " holds only default values (an empty SEQUENCE)");
    }
    if (extension.oid == k_basic_constraints) {
      // cA FALSE spelled out is a default value (Table 5: do not encode).
      if (auto sequence = single(extension.value, 0x30)) {
        if (auto flag = DerReader(sequence->value).next_if(0x01);
            flag && !flag->value.empty() && flag->value[0] == 0) {
          f.fail("basicConstraints encodes cA FALSE (a default value)");
        }
      }
    }
    if (extension.oid == k_name_change) {
      if (!is_ca_profile(s.profile)) {
        f.fail("nameChange appears only on CSCA and link certificates");
      }
      if (!(extension.value.size() == 2 && extension.value[0] == 0x05 &&
            extension.value[1] == 0x00)) {
        f.fail("nameChange is not NULL");
      }
    }
    if (extension.oid == "2.5.29.9" && is_ca_profile(s.profile)) {
      f.fail("subjectDirectoryAttributes is not used on CSCA certificates");
    }
  }
  if (!s.raw.has_extensions) {
    f.fail("no extensions (Table 5: mandatory)");
  }

  // ExtKeyUsage: prohibited on CSCAs, not used on DSCs, mandatory and critical on signers.
  const RawExtension* eku = s.raw.find(k_extended_key_usage);
  std::string required;
  if (s.profile == LintProfile::mlsigner) {
    required = k_eku_master_list;
  } else if (s.profile == LintProfile::dlsigner) {
    required = k_eku_deviation_list;
  } else if (s.profile == LintProfile::barcode_signer) {
    required = k_eku_vds_signer;
  }
  if (!required.empty()) {
    const auto& ekus = s.info.extended_key_usage;
    if (eku == nullptr) {
      f.fail("extKeyUsage " + required + " is absent");
    } else {
      if (!eku->critical) {
        f.fail("extKeyUsage is not critical");
      }
      if (std::find(ekus.begin(), ekus.end(), required) == ekus.end()) {
        f.fail("extKeyUsage lacks " + required + " (found " + join(ekus) + ")");
      }
    }
  } else if (eku != nullptr) {
    if (is_ca_profile(s.profile)) {
      f.fail("extKeyUsage on " + profile_label(s.profile) + " (Table 6: do not use)");
    } else {
      f.warn("extKeyUsage on a Document Signer (Table 6: do not use)");
    }
  }
  f.expect(required.empty() ? "only keyUsage/basicConstraints critical"
                            : "critical extKeyUsage " + required,
           critical.empty() ? "no critical extension" : "critical: " + join(critical));
  f.report(verdict, CheckId::pki_lint_extensions,
           std::to_string(s.raw.extensions.size()) + " extension(s), none out of profile");
}

// Collects the primitive [6] uniformResourceIdentifier values anywhere below `bytes`.
void collect_uris(ByteView bytes, std::vector<std::string>& uris, int depth = 0) {
  DerReader reader(bytes);
  while (!reader.at_end() && depth < 8) {
    auto tlv = reader.next();
    if (!tlv) {
      return;
    }
    if (tlv->tag == 0x86) {
      uris.push_back(as_text(tlv->value));
    } else if (tlv->constructed()) {
      collect_uris(tlv->value, uris, depth + 1);
    }
  }
}

void check_crl_distribution_points(Verdict& verdict, const Subject& s) {
  Findings f;
  const RawExtension* extension = s.raw.find(k_crl_distribution_points);
  const bool expected = s.profile != LintProfile::barcode_signer;
  std::vector<std::string> uris;
  if (extension != nullptr) {
    collect_uris(extension->value, uris);
  }
  f.expect(expected ? "present, non-critical, ldap/http/https URIs" : "absent (Table 8)",
           extension ? join(uris) : "absent");
  if (extension == nullptr) {
    if (expected) {
      f.warn("cRLDistributionPoints is absent (mandatory since the 8th edition, §7.1.1.4)");
    }
  } else {
    if (!expected) {
      f.warn("cRLDistributionPoints is not among a Bar Code Signer's extensions (Table 8)");
    }
    if (extension->critical) {
      f.fail("cRLDistributionPoints is critical");
    }
    if (!single(extension->value, 0x30)) {
      f.fail("cRLDistributionPoints is not a SEQUENCE");
    }
    if (uris.empty()) {
      f.fail("cRLDistributionPoints holds no URI");
    }
    for (const auto& uri : uris) {
      std::string scheme = uri.substr(0, uri.find(':'));
      std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (scheme != "ldap" && scheme != "http" && scheme != "https") {
        f.fail("distribution point '" + uri + "' is not ldap, http or https");
      }
    }
  }
  f.report(verdict, CheckId::pki_lint_crl_distribution_points,
           extension ? "cRLDistributionPoints " + join(uris) : "cRLDistributionPoints not used");
}

// One alternative name extension: GeneralNames with a directoryName [4] holding localityName
// (and stateOrProvinceName) only (§7.1.1.2).
void check_alt_name(const RawExtension* extension, std::string_view which, Findings& f) {
  auto names = single(extension->value, 0x30);
  if (!names) {
    f.fail(std::string(which) + " is not GeneralNames");
    return;
  }
  DerReader reader(names->value);
  bool directory = false;
  while (!reader.at_end()) {
    auto name = reader.next();
    if (!name) {
      f.fail(std::string(which) + " is malformed");
      return;
    }
    if (name->tag != 0xA4) {
      continue;
    }
    directory = true;
    auto inner = single(name->value, 0x30);
    auto attributes = inner ? name_attributes(inner->value) : std::nullopt;
    if (!attributes) {
      f.fail(std::string(which) + " directoryName is not a Name");
      continue;
    }
    const Attribute* locality = find_attribute(*attributes, "2.5.4.7");
    if (locality == nullptr) {
      f.fail(std::string(which) + " directoryName has no localityName");
    } else if (locality->value.empty() || locality->value.size() > 3 ||
               !std::all_of(locality->value.begin(), locality->value.end(),
                            [](char c) { return (c >= 'A' && c <= 'Z') || c == '<'; })) {
      // The code "as it appears in the MRZ": three letters, or fewer for Germany's "D".
      f.fail(std::string(which) + " localityName '" + locality->value +
             "' is not an ICAO country code as in the MRZ");
    }
    for (const auto& attribute : *attributes) {
      if (attribute.oid != "2.5.4.7" && attribute.oid != "2.5.4.8") {
        f.fail(std::string(which) + " directoryName holds " + attribute.oid +
               " (only localityName and stateOrProvinceName)");
      }
    }
  }
  if (!directory) {
    // Required since the 8th edition only; contact-only names (URI, e-mail) are older profiles.
    f.warn(std::string(which) + " has no directoryName with the ICAO country code (§7.1.1.2)");
  }
}

void check_alt_names(Verdict& verdict, const Subject& s) {
  Findings f;
  const RawExtension* san = s.raw.find(k_subject_alt_name);
  const RawExtension* ian = s.raw.find(k_issuer_alt_name);
  const bool expected = s.profile != LintProfile::barcode_signer;
  f.expect(expected ? "subjectAltName and issuerAltName, non-critical, with a directoryName"
                    : "absent (Table 8)",
           std::string("subjectAltName ") + (san ? "present" : "absent") + ", issuerAltName " +
               (ian ? "present" : "absent"));
  for (const auto& [extension, which] :
       {std::pair{san, "subjectAltName"}, std::pair{ian, "issuerAltName"}}) {
    if (extension == nullptr) {
      if (expected) {
        f.warn(std::string(which) + " is absent (mandatory since the 8th edition, §7.1.1.2)");
      }
      continue;
    }
    if (!expected) {
      f.warn(std::string(which) + " is not among a Bar Code Signer's extensions (Table 8)");
    }
    if (extension->critical) {
      f.fail(std::string(which) + " is critical");
    }
    check_alt_name(extension, which, f);
  }
  if (s.profile == LintProfile::csca && san != nullptr && ian != nullptr &&
      !same_bytes(san->value, ian->value)) {
    f.fail("subjectAltName and issuerAltName differ on a self-signed CSCA");
  }
  f.report(verdict, CheckId::pki_lint_alt_names,
           san || ian ? "alternative names well formed" : "alternative names not used");
}

// DocumentTypeListSyntax ::= SEQUENCE { version INTEGER (v0), docTypeList SET OF
// PrintableString (SIZE(1..2)) }
void check_document_type_list(Verdict& verdict, const Subject& s) {
  Findings f;
  const RawExtension* extension = s.raw.find(k_document_type_list);
  const bool mandatory = s.profile == LintProfile::dsc;
  const bool allowed = mandatory || s.profile == LintProfile::barcode_signer;
  std::vector<std::string> types;
  if (extension != nullptr) {
    auto sequence = single(extension->value, 0x30);
    DerReader fields(sequence ? sequence->value : ByteView{});
    auto version = fields.next();
    auto list = fields.next();
    if (!sequence || !version || version->tag != 0x02 || version->value.size() != 1 ||
        version->value[0] != 0 || !list || list->tag != 0x31 || !fields.at_end()) {
      // Some states encode a bare SEQUENCE OF PrintableString (no version, no SET); the
      // document types still read, so this is flagged without failing.
      f.warn("documentTypeList is not {version 0, SET OF DocumentType} (§7.1.1.6)");
    } else {
      DerReader entries(list->value);
      while (!entries.at_end()) {
        auto entry = entries.next();
        if (!entry || entry->tag != 0x13 || entry->value.empty() || entry->value.size() > 2) {
          f.fail("a DocumentType is not a PrintableString of 1-2 characters");
          break;
        }
        types.push_back(as_text(entry->value));
      }
      if (types.empty()) {
        f.warn("documentTypeList is empty");
      }
    }
    if (extension->critical) {
      f.fail("documentTypeList is critical");
    }
    if (!allowed) {
      f.fail("documentTypeList appears only on Document and Bar Code Signers");
    }
  } else if (mandatory) {
    f.warn("documentTypeList is absent (mandatory since the 8th edition, §7.1.1.6)");
  }
  f.expect(mandatory ? "present, non-critical"
           : allowed ? "optional"
                     : "absent",
           extension ? join(types) : "absent");
  f.report(verdict, CheckId::pki_lint_document_type_list,
           extension ? "document types " + join(types) : "documentTypeList not used");
}

void check_time(Verdict& verdict, const Subject& s) {
  const std::string period =
      to_iso_instant(s.info.not_before) + " .. " + to_iso_instant(s.info.not_after);
  const std::string at = to_iso_instant(s.at);
  Check* check = nullptr;
  if (s.at < s.info.not_before) {
    check = &verdict.add(CheckId::pki_lint_time, Status::warn, "not yet valid at " + at);
  } else if (s.at > s.info.not_after) {
    check = &verdict.add(CheckId::pki_lint_time, Status::warn, "expired at " + at);
  } else {
    check = &verdict.add(CheckId::pki_lint_time, Status::pass, "valid at " + at);
  }
  check->expected = "valid at " + at;
  check->found = period;
}

LintProfile detect_profile(const CertificateInfo& info) {
  const auto has_eku = [&](std::string_view oid) {
    return std::find(info.extended_key_usage.begin(), info.extended_key_usage.end(), oid) !=
           info.extended_key_usage.end();
  };
  if (has_eku(k_eku_master_list)) {
    return LintProfile::mlsigner;
  }
  if (has_eku(k_eku_deviation_list)) {
    return LintProfile::dlsigner;
  }
  if (has_eku(k_eku_vds_signer)) {
    return LintProfile::barcode_signer;
  }
  const bool cert_sign = std::find(info.key_usage.begin(), info.key_usage.end(), "keyCertSign") !=
                         info.key_usage.end();
  if (info.is_ca || cert_sign) {
    return info.self_signed ? LintProfile::csca : LintProfile::link;
  }
  return LintProfile::dsc;
}

} // namespace

std::string_view to_string(LintProfile profile) noexcept {
  switch (profile) {
  case LintProfile::automatic:
    return "auto";
  case LintProfile::csca:
    return "csca";
  case LintProfile::link:
    return "link";
  case LintProfile::dsc:
    return "dsc";
  case LintProfile::mlsigner:
    return "mlsigner";
  case LintProfile::dlsigner:
    return "dlsigner";
  case LintProfile::barcode_signer:
    return "barcode-signer";
  }
  return "auto";
}

std::optional<LintProfile> parse_lint_profile(std::string_view name) noexcept {
  for (const auto profile :
       {LintProfile::automatic, LintProfile::csca, LintProfile::link, LintProfile::dsc,
        LintProfile::mlsigner, LintProfile::dlsigner, LintProfile::barcode_signer}) {
    if (to_string(profile) == name) {
      return profile;
    }
  }
  return std::nullopt;
}

LintReport lint_certificate(ByteView der, const LintOptions& options) {
  LintReport report;
  const detail::X509Ptr cert = detail::parse_der_certificate(der);
  if (!cert) {
    report.verdict = error_verdict(make_error(ErrorCode::malformed, "not a DER X.509 certificate"));
    return report;
  }
  // OpenSSL accepts some BER; the walker insists on the shapes DER gives.
  const std::optional<RawCertificate> raw = walk_certificate(der);
  if (!raw) {
    report.verdict = error_verdict(make_error(
        ErrorCode::malformed, "the certificate is not DER with the X.509 v1-v3 structure"));
    return report;
  }
  const auto issuer = name_attributes(raw->issuer.value);
  const auto subject = name_attributes(raw->subject.value);
  if (!issuer || !subject) {
    report.verdict =
        error_verdict(make_error(ErrorCode::malformed, "issuer or subject is not a Name"));
    return report;
  }
  report.certificate = detail::describe(cert.get());
  const CertificateInfo& info = *report.certificate;
  report.profile_detected = options.profile == LintProfile::automatic;
  report.profile = report.profile_detected ? detect_profile(info) : options.profile;

  const Subject s{*raw, info, report.profile, options.at};
  Verdict& verdict = report.verdict;
  check_version(verdict, s);
  check_serial(verdict, s);
  check_signature_algorithm(verdict, s);
  check_key_size(verdict, s);
  check_key_usage(verdict, s);
  check_basic_constraints(verdict, s);
  check_ski(verdict, s);
  check_aki(verdict, s);
  check_validity(verdict, s);
  check_country(verdict, *issuer, *subject);
  check_issuer_subject(verdict, s, cert.get(), *issuer, *subject);
  check_extensions(verdict, s);
  check_crl_distribution_points(verdict, s);
  check_alt_names(verdict, s);
  check_document_type_list(verdict, s);
  check_time(verdict, s);
  finalize(verdict);
  return report;
}

Result<std::vector<Bytes>> split_certificates(ByteView bytes) {
  std::vector<Bytes> certificates;
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  if (text.find("-----BEGIN ") == std::string_view::npos) {
    if (!detail::parse_der_certificate(bytes)) {
      return make_error(ErrorCode::malformed, "neither a DER certificate nor PEM text");
    }
    certificates.emplace_back(bytes.begin(), bytes.end());
    return certificates;
  }
  detail::BioPtr bio = detail::memory_bio(bytes.data(), bytes.size());
  if (!bio) {
    return make_error(ErrorCode::limit_exceeded, "input too large for a memory BIO");
  }
  for (;;) {
    char* name = nullptr;
    char* header = nullptr;
    unsigned char* data = nullptr;
    long length = 0;
    ERR_clear_error();
    if (PEM_read_bio(bio.get(), &name, &header, &data, &length) != 1) {
      ERR_clear_error();
      break;
    }
    const std::string_view label(name);
    if (label == "CERTIFICATE" || label == "X509 CERTIFICATE" || label == "TRUSTED CERTIFICATE") {
      // TRUSTED CERTIFICATE appends OpenSSL trust settings after the certificate: keep the
      // certificate's own TLV only.
      ByteView block(data, static_cast<std::size_t>(length));
      if (auto first = DerReader(block).next()) {
        certificates.emplace_back(first->whole.begin(), first->whole.end());
      }
    }
    OPENSSL_free(name);
    OPENSSL_free(header);
    OPENSSL_free(data);
  }
  if (certificates.empty()) {
    return make_error(ErrorCode::malformed, "no CERTIFICATE block in the PEM text");
  }
  return certificates;
}

} // namespace mrtd::pki
