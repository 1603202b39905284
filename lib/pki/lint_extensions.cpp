// Certificate profile lint (lint.hpp): the checks of the extensions — keyUsage,
// basicConstraints, key identifiers, the Table 6 rules, CRL distribution points, alternative
// names and the documentTypeList.

#include "pki/detail/lint_checks.hpp"

#include "pki/detail/certificate.hpp"
#include "pki/detail/name.hpp"

#include <openssl/asn1.h>
#include <openssl/err.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdint>
#include <set>
#include <string>
#include <utility>

namespace mrtd::pki::detail::lint {

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

} // namespace mrtd::pki::detail::lint
