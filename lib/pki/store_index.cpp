#include "pki/store_index.hpp"

#include "pki/detail/certificate.hpp"
#include "pki/detail/name.hpp"
#include "pki/detail/ossl.hpp"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <climits>
#include <ctime>
#include <utility>

namespace mrtd::pki {
namespace {

// The index line, field by field (the order of serialise_index and parse_index).
enum Field : std::size_t {
  f_sha256,
  f_kind,
  f_country,
  f_flags,
  f_not_before,
  f_not_after,
  f_ski,
  f_serial,
  f_subject_key,
  f_issuer_key,
  f_subject,
  f_sources,
  f_list_signers,
  f_codes,
  f_texts,
  f_count
};

constexpr std::string_view k_header = "mrtd-store-index\t1";
constexpr std::string_view k_ml_signer_eku = "2.23.136.1.1.3";


template <typename T> using Decoder = T* (*)(T**, const unsigned char**, long);

// Exactly one T in `der`, no trailing bytes; nullptr otherwise (error queue cleared).
template <typename T, auto Free> detail::Owned<T, Free> decode_exact(Decoder<T> decode, ByteView der) {
  if (der.empty() || der.size() > static_cast<std::size_t>(LONG_MAX)) {
    return nullptr;
  }
  const unsigned char* cursor = der.data();
  detail::Owned<T, Free> object(decode(nullptr, &cursor, static_cast<long>(der.size())));
  if (object && cursor != der.data() + der.size()) {
    object.reset();
  }
  ERR_clear_error();
  return object;
}

void add_unique(std::vector<std::string>& into, const std::vector<std::string>& from) {
  for (const std::string& item : from) {
    if (std::find(into.begin(), into.end(), item) == into.end()) {
      into.push_back(item);
    }
  }
}

// Backslash escapes keep every field on one line and free of tabs; `;` is escaped everywhere
// so list fields can split on a bare `;`.
void escape_into(std::string& out, std::string_view value) {
  for (const char c : value) {
    switch (c) {
    case '\\': out += "\\\\"; break;
    case '\t': out += "\\t"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case ';': out += "\\;"; break;
    default: out += c;
    }
  }
}

void list_into(std::string& out, const std::vector<std::string>& items) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i != 0) {
      out += ';';
    }
    escape_into(out, items[i]);
  }
}

bool unescape(std::string_view field, std::string& out) {
  out.clear();
  out.reserve(field.size());
  for (std::size_t i = 0; i < field.size(); ++i) {
    if (field[i] != '\\') {
      out += field[i];
      continue;
    }
    if (++i == field.size()) {
      return false;
    }
    switch (field[i]) {
    case '\\': out += '\\'; break;
    case 't': out += '\t'; break;
    case 'n': out += '\n'; break;
    case 'r': out += '\r'; break;
    case ';': out += ';'; break;
    default: return false;
    }
  }
  return true;
}

bool unescape_list(std::string_view field, std::vector<std::string>& out) {
  out.clear();
  if (field.empty()) {
    return true;
  }
  std::size_t start = 0;
  for (std::size_t i = 0; i <= field.size(); ++i) {
    if (i < field.size() && field[i] == '\\') {
      ++i; // the escaped character is never a separator
      continue;
    }
    if (i == field.size() || field[i] == ';') {
      std::string item;
      if (!unescape(field.substr(start, i - start), item)) {
        return false;
      }
      out.push_back(std::move(item));
      start = i + 1;
    }
  }
  return true;
}

bool parse_time(std::string_view text, UnixTime& out) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size() && !text.empty();
}

bool is_sha256_hex(std::string_view text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

Result<IndexEntry> certificate_entry(const X509* cert, KindHint hint, StoreProvenance provenance) {
  const CertificateInfo info = detail::describe(cert);
  IndexEntry entry;
  entry.sha256 = info.sha256;
  entry.is_ca = info.is_ca;
  const bool ml_signer = std::find(info.extended_key_usage.begin(), info.extended_key_usage.end(),
                                   k_ml_signer_eku) != info.extended_key_usage.end();
  // A DSC has no EKU (Doc 9303-12 §7.1.1); other end entities sign lists or bar codes.
  if (hint == KindHint::dsc) {
    entry.kind = ItemKind::dsc;
  } else if (info.is_ca) {
    entry.kind = info.self_signed ? ItemKind::csca : ItemKind::link;
  } else if (ml_signer) {
    entry.kind = ItemKind::mlsigner;
  } else {
    entry.kind = info.extended_key_usage.empty() ? ItemKind::dsc : ItemKind::other;
  }
  entry.country = info.subject_country.value_or(info.issuer_country.value_or(""));
  entry.ski = info.subject_key_id.value_or("");
  const ASN1_INTEGER* serial = X509_get0_serialNumber(cert);
  entry.serial = detail::hex_string(ASN1_STRING_get0_data(serial),
                                    static_cast<std::size_t>(ASN1_STRING_length(serial)));
  entry.subject_key = detail::name_key(X509_get_subject_name(cert));
  entry.issuer_key = detail::name_key(X509_get_issuer_name(cert));
  entry.subject = info.subject;
  entry.not_before = info.not_before;
  entry.not_after = info.not_after;
  entry.flagged_invalid = detail::flagged_invalid(cert);
  entry.non_conformant = !provenance.conformance_codes.empty();
  entry.provenance = std::move(provenance);
  return entry;
}

Result<IndexEntry> crl_entry(ByteView der, const X509_CRL* crl, StoreProvenance provenance) {
  IndexEntry entry;
  entry.sha256 = detail::sha256_hex(der.data(), der.size());
  entry.kind = ItemKind::crl;
  const X509_NAME* issuer = X509_CRL_get_issuer(crl);
  entry.country = detail::name_country(issuer).value_or("");
  entry.issuer_key = detail::name_key(issuer);
  entry.subject = detail::name_to_string(issuer);
  entry.not_before = detail::unix_time(X509_CRL_get0_lastUpdate(crl));
  entry.not_after = detail::unix_time(X509_CRL_get0_nextUpdate(crl));
  entry.provenance = std::move(provenance);
  return entry;
}

} // namespace

const char* to_string(ItemKind kind) noexcept {
  switch (kind) {
  case ItemKind::csca: return "csca";
  case ItemKind::link: return "link";
  case ItemKind::dsc: return "dsc";
  case ItemKind::mlsigner: return "mlsigner";
  case ItemKind::crl: return "crl";
  case ItemKind::other: return "other";
  }
  return "other";
}

std::optional<ItemKind> parse_item_kind(std::string_view text) noexcept {
  for (const ItemKind kind : {ItemKind::csca, ItemKind::link, ItemKind::dsc, ItemKind::mlsigner,
                              ItemKind::crl, ItemKind::other}) {
    if (text == to_string(kind)) {
      return kind;
    }
  }
  return std::nullopt;
}

Result<IndexEntry> make_entry(ByteView der, KindHint hint, StoreProvenance provenance) {
  if (detail::X509Ptr cert = detail::parse_der_certificate(der)) {
    return certificate_entry(cert.get(), hint, std::move(provenance));
  }
  if (auto crl = decode_exact<X509_CRL, X509_CRL_free>(d2i_X509_CRL, der)) {
    return crl_entry(der, crl.get(), std::move(provenance));
  }
  return make_error(ErrorCode::malformed, "neither one DER certificate nor one DER CRL");
}

Result<std::vector<Bytes>> split_items(ByteView bytes, std::vector<std::string>* problems) {
  std::vector<Bytes> items;
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  if (text.find("-----BEGIN ") == std::string_view::npos) {
    if (detail::parse_der_certificate(bytes) ||
        decode_exact<X509_CRL, X509_CRL_free>(d2i_X509_CRL, bytes)) {
      items.emplace_back(bytes.begin(), bytes.end());
      return items;
    }
    return make_error(ErrorCode::malformed, "neither a DER certificate or CRL nor PEM");
  }
  detail::BioPtr bio = detail::memory_bio(bytes.data(), bytes.size());
  if (!bio) {
    return make_error(ErrorCode::limit_exceeded, "input too large for a memory BIO");
  }
  for (int block = 1;; ++block) {
    char* name = nullptr;
    char* header = nullptr;
    unsigned char* data = nullptr;
    long length = 0;
    ERR_clear_error();
    if (PEM_read_bio(bio.get(), &name, &header, &data, &length) != 1) {
      const unsigned long error = ERR_peek_last_error();
      const bool done =
          ERR_GET_LIB(error) == ERR_LIB_PEM && ERR_GET_REASON(error) == PEM_R_NO_START_LINE;
      const std::string why = detail::drain_errors();
      if (done || BIO_eof(bio.get()) == 1) {
        break;
      }
      if (problems != nullptr) {
        problems->push_back("PEM block " + std::to_string(block) + ": unreadable (" + why + ")");
      }
      continue;
    }
    const std::string_view label(name);
    const ByteView der(data, static_cast<std::size_t>(length));
    const bool certificate = label == "CERTIFICATE" || label == "X509 CERTIFICATE";
    const bool usable = certificate ? static_cast<bool>(detail::parse_der_certificate(der))
                        : label == "X509 CRL"
                            ? static_cast<bool>(decode_exact<X509_CRL, X509_CRL_free>(d2i_X509_CRL, der))
                            : false;
    if (usable) {
      items.emplace_back(der.begin(), der.end());
    } else if (problems != nullptr) {
      problems->push_back("PEM block " + std::to_string(block) + " (" + std::string(label) +
                          "): not a usable certificate or CRL, skipped");
    }
    OPENSSL_free(name);
    OPENSSL_free(header);
    OPENSSL_free(data);
  }
  if (items.empty()) {
    return make_error(ErrorCode::malformed, "no certificate or CRL in the PEM text");
  }
  return items;
}

void merge_entry(IndexEntry& into, const IndexEntry& from) {
  add_unique(into.provenance.sources, from.provenance.sources);
  add_unique(into.provenance.list_signers, from.provenance.list_signers);
  add_unique(into.provenance.conformance_codes, from.provenance.conformance_codes);
  add_unique(into.provenance.conformance_texts, from.provenance.conformance_texts);
  into.unverified_list = into.unverified_list && from.unverified_list;
  into.non_conformant = into.non_conformant || from.non_conformant;
  into.flagged_invalid = into.flagged_invalid || from.flagged_invalid;
  // A PKD DSC collection says what a certificate is used as; keep that over a guess.
  if (from.kind == ItemKind::dsc && into.kind == ItemKind::other) {
    into.kind = ItemKind::dsc;
  }
}

std::string serialise_index(const std::vector<IndexEntry>& entries) {
  std::string out;
  out.reserve(64 + entries.size() * 512);
  out += k_header;
  out += '\n';
  for (const IndexEntry& e : entries) {
    out += e.sha256;
    out += '\t';
    out += to_string(e.kind);
    out += '\t';
    escape_into(out, e.country);
    out += '\t';
    std::string flags;
    for (const auto& [on, word] : {std::pair{e.is_ca, "ca"}, {e.unverified_list, "unverified_list"},
                                   {e.non_conformant, "non_conformant"},
                                   {e.flagged_invalid, "flagged_invalid"}}) {
      if (on) {
        flags += flags.empty() ? "" : ",";
        flags += word;
      }
    }
    out += flags.empty() ? "-" : flags;
    out += '\t';
    out += std::to_string(e.not_before);
    out += '\t';
    out += std::to_string(e.not_after);
    out += '\t';
    escape_into(out, e.ski);
    out += '\t';
    escape_into(out, e.serial);
    out += '\t';
    escape_into(out, e.subject_key);
    out += '\t';
    escape_into(out, e.issuer_key);
    out += '\t';
    escape_into(out, e.subject);
    out += '\t';
    list_into(out, e.provenance.sources);
    out += '\t';
    list_into(out, e.provenance.list_signers);
    out += '\t';
    list_into(out, e.provenance.conformance_codes);
    out += '\t';
    list_into(out, e.provenance.conformance_texts);
    out += '\n';
  }
  return out;
}

Result<std::vector<IndexEntry>> parse_index(std::string_view text) {
  std::vector<IndexEntry> entries;
  std::size_t position = text.find('\n');
  if (position == std::string_view::npos || text.substr(0, position) != k_header) {
    return make_error(ErrorCode::malformed,
                      "not an mrtd store index (the first line must be 'mrtd-store-index<TAB>1')", 0);
  }
  ++position;
  std::size_t line_number = 1;
  std::array<std::string_view, f_count> fields;
  while (position < text.size()) {
    ++line_number;
    const std::size_t line_start = position;
    std::size_t end = text.find('\n', position);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    const std::string_view line = text.substr(position, end - position);
    position = end + 1;
    auto fail = [&](const std::string& why) {
      return make_error(ErrorCode::malformed, "index line " + std::to_string(line_number) + ": " + why,
                        static_cast<std::ptrdiff_t>(line_start));
    };
    if (line.empty()) {
      continue;
    }
    std::size_t count = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= line.size(); ++i) {
      if (i == line.size() || line[i] == '\t') {
        if (count == f_count) {
          return fail("more than " + std::to_string(f_count) + " fields");
        }
        fields[count++] = line.substr(start, i - start);
        start = i + 1;
      }
    }
    if (count != f_count) {
      return fail(std::to_string(count) + " fields, expected " + std::to_string(f_count));
    }
    IndexEntry& e = entries.emplace_back();
    if (!is_sha256_hex(fields[f_sha256])) {
      return fail("the SHA-256 is not 64 lower-case hex digits");
    }
    e.sha256 = fields[f_sha256];
    const auto kind = parse_item_kind(fields[f_kind]);
    if (!kind) {
      return fail("unknown kind '" + std::string(fields[f_kind]) + "'");
    }
    e.kind = *kind;
    if (fields[f_flags] != "-") {
      std::string_view flags = fields[f_flags];
      while (!flags.empty()) {
        const std::size_t comma = flags.find(',');
        const std::string_view flag = flags.substr(0, comma);
        if (flag == "ca") {
          e.is_ca = true;
        } else if (flag == "unverified_list") {
          e.unverified_list = true;
        } else if (flag == "non_conformant") {
          e.non_conformant = true;
        } else if (flag == "flagged_invalid") {
          e.flagged_invalid = true;
        } else {
          return fail("unknown flag '" + std::string(flag) + "'");
        }
        flags = comma == std::string_view::npos ? std::string_view() : flags.substr(comma + 1);
      }
    }
    if (!parse_time(fields[f_not_before], e.not_before) ||
        !parse_time(fields[f_not_after], e.not_after)) {
      return fail("a validity time is not an integer");
    }
    if (!unescape(fields[f_country], e.country) || !unescape(fields[f_ski], e.ski) ||
        !unescape(fields[f_serial], e.serial) || !unescape(fields[f_subject_key], e.subject_key) ||
        !unescape(fields[f_issuer_key], e.issuer_key) || !unescape(fields[f_subject], e.subject) ||
        !unescape_list(fields[f_sources], e.provenance.sources) ||
        !unescape_list(fields[f_list_signers], e.provenance.list_signers) ||
        !unescape_list(fields[f_codes], e.provenance.conformance_codes) ||
        !unescape_list(fields[f_texts], e.provenance.conformance_texts)) {
      return fail("a bad backslash escape");
    }
  }
  return entries;
}

std::string issuer_serial_query_key(std::string_view issuer_key, std::string_view serial_hex) {
  std::string key(issuer_key);
  key += '#';
  key += serial_hex;
  return key;
}

StoreIndex::StoreIndex(std::vector<IndexEntry> entries) : m_entries(std::move(entries)) {
  m_by_sha256.reserve(m_entries.size());
  for (std::size_t i = 0; i < m_entries.size(); ++i) {
    const IndexEntry& e = m_entries[i];
    m_by_sha256.emplace(e.sha256, i);
    if (e.kind == ItemKind::crl) {
      m_crls_by_issuer[e.issuer_key].push_back(i);
      continue;
    }
    if (!e.ski.empty()) {
      m_by_ski[e.ski].push_back(i);
    }
    m_by_subject[e.subject_key].push_back(i);
    m_by_issuer_serial[issuer_serial_query_key(e.issuer_key, e.serial)].push_back(i);
    if (e.is_ca && !e.country.empty()) {
      m_cas_by_country[e.country].push_back(i);
    }
    if (const auto id = vds_signer_key(e)) {
      m_by_vds_signer[*id].push_back(i);
    }
    if (!e.is_ca && !e.country.empty()) {
      m_signers_by_country[e.country].push_back(i);
    }
    m_by_sha256_head[e.sha256.substr(0, 16)].push_back(i);
  }
}

std::optional<std::string> vds_signer_key(const IndexEntry& entry) {
  // The CN of the RFC 2253 subject (`CN=TS,O=...,C=DE`): the first unescaped `CN=` component.
  if (entry.kind == ItemKind::crl || entry.country.size() != 2) {
    return std::nullopt;
  }
  const std::string& subject = entry.subject;
  std::size_t start = 0;
  while (start <= subject.size()) {
    std::size_t end = start;
    while (end < subject.size() && subject[end] != ',') {
      end += subject[end] == '\\' ? std::size_t{2} : std::size_t{1};
    }
    end = std::min(end, subject.size());
    const std::string_view part(subject.data() + start, end - start);
    if (part.size() == 5 && (part.substr(0, 3) == "CN=" || part.substr(0, 3) == "cn=")) {
      std::string id = entry.country;
      for (const char c : part.substr(3)) {
        id += c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
      }
      return id;
    }
    if (part.size() > 3 && (part.substr(0, 3) == "CN=" || part.substr(0, 3) == "cn=")) {
      return std::nullopt; // a longer CN: not a seal signer id
    }
    start = end + 1;
  }
  return std::nullopt;
}

std::vector<const IndexEntry*> StoreIndex::lookup(const TrustQuery& query) const {
  const Map* map = nullptr;
  switch (query.by) {
  case TrustQuery::By::subject_key_id: map = &m_by_ski; break;
  case TrustQuery::By::subject: map = &m_by_subject; break;
  case TrustQuery::By::issuer_serial: map = &m_by_issuer_serial; break;
  case TrustQuery::By::country_cas: map = &m_cas_by_country; break;
  case TrustQuery::By::crls_by_issuer: map = &m_crls_by_issuer; break;
  case TrustQuery::By::vds_signer: map = &m_by_vds_signer; break;
  case TrustQuery::By::country_signers: map = &m_signers_by_country; break;
  case TrustQuery::By::sha256_prefix: map = &m_by_sha256_head; break;
  }
  std::vector<const IndexEntry*> found;
  if (map == nullptr) {
    return found;
  }
  const bool prefix = query.by == TrustQuery::By::sha256_prefix;
  if (prefix && query.key.size() < 16) {
    return found; // shorter than a kid: too unspecific to answer
  }
  const std::string key = prefix ? query.key.substr(0, 16) : query.key;
  if (const auto it = map->find(key); it != map->end()) {
    found.reserve(it->second.size());
    for (const std::size_t i : it->second) {
      if (!prefix || m_entries[i].sha256.starts_with(query.key)) {
        found.push_back(&m_entries[i]);
      }
    }
  }
  return found;
}

const IndexEntry* StoreIndex::find_sha256(std::string_view sha256) const {
  const auto it = m_by_sha256.find(std::string(sha256));
  return it == m_by_sha256.end() ? nullptr : &m_entries[it->second];
}

} // namespace mrtd::pki
