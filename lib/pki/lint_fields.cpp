// Certificate profile lint (lint.hpp): the checks of the certificate's own fields — version,
// serial number, signature algorithm, public key, validity, country and names.

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

} // namespace mrtd::pki::detail::lint
