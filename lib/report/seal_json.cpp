// `seal verify` and `barcode read` verdicts: JSON (schemas/seal.schema.json and
// schemas/barcode.schema.json for `data`), text and summary lines.

#include "report/detail/render.hpp"
#include "report/seal.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace mrtd::report {

namespace {

using detail::JsonWriter;
using detail::optional_string;
using detail::write_strings;

const char* to_string(barcode::ReferenceKind kind) {
  switch (kind) {
  case barcode::ReferenceKind::none: return "none";
  case barcode::ReferenceKind::serial_hex: return "serial";
  case barcode::ReferenceKind::sha1_hex: return "sha1";
  case barcode::ReferenceKind::sha1_tail5: return "sha1_last5";
  case barcode::ReferenceKind::sha256_head8: return "sha256_first8";
  }
  return "none";
}

const char* to_string(barcode::SignatureAlgorithm algorithm) {
  switch (algorithm) {
  case barcode::SignatureAlgorithm::ecdsa_by_curve: return "ecdsa";
  case barcode::SignatureAlgorithm::ecdsa_sha256: return "ecdsa-sha256";
  case barcode::SignatureAlgorithm::ecdsa_sha384: return "ecdsa-sha384";
  case barcode::SignatureAlgorithm::ecdsa_sha512: return "ecdsa-sha512";
  case barcode::SignatureAlgorithm::rsassa_pss_sha256: return "rsassa-pss-sha256";
  }
  return "ecdsa";
}

std::string base64(barcode::ByteView bytes) {
  static constexpr char k_alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned v = (unsigned{bytes[i]} << 16) | (unsigned{bytes[i + 1]} << 8) | bytes[i + 2];
    out += k_alphabet[(v >> 18) & 63];
    out += k_alphabet[(v >> 12) & 63];
    out += k_alphabet[(v >> 6) & 63];
    out += k_alphabet[v & 63];
  }
  if (i + 1 == bytes.size()) {
    const unsigned v = unsigned{bytes[i]} << 16;
    out += k_alphabet[(v >> 18) & 63];
    out += k_alphabet[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == bytes.size()) {
    const unsigned v = (unsigned{bytes[i]} << 16) | (unsigned{bytes[i + 1]} << 8);
    out += k_alphabet[(v >> 18) & 63];
    out += k_alphabet[(v >> 12) & 63];
    out += k_alphabet[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

// A field's value: JSON fields are embedded as JSON (re-serialised, so that the output stays
// valid whatever the payload held); anything unparsable is written as a string.
void write_value(JsonWriter& w, const barcode::Field& field) {
  if (field.kind == barcode::Field::Kind::json) {
    try {
      w.raw(nlohmann::json::parse(field.value).dump());
      return;
    } catch (const nlohmann::json::exception&) { // NOLINT(bugprone-empty-catch)
      // not JSON after all: fall through to a string
    }
  }
  w.value(field.value);
}

void write_payload(JsonWriter& w, const barcode::Payload& p) {
  w.begin_object();
  w.key("kind");
  w.literal(barcode::to_string(p.kind));
  w.key("profile");
  w.value(p.profile);
  w.key("issuing_state");
  if (p.issuing_state.empty()) {
    w.null();
  } else {
    w.value(p.issuing_state);
  }
  optional_string(w, "issue_date",
                  p.issue_date ? std::optional<std::string>(to_iso(*p.issue_date)) : std::nullopt);
  w.key("header");
  w.begin_object();
  for (const auto& field : p.header) {
    w.key(field.name);
    write_value(w, field);
  }
  w.end_object();
  w.key("fields");
  w.begin_array();
  for (const auto& field : p.fields) {
    w.begin_object();
    w.key("name");
    w.value(field.name);
    w.key("value");
    write_value(w, field);
    if (field.tag) {
      w.key("tag");
      w.value(*field.tag);
    }
    w.end_object();
  }
  w.end_array();
  optional_string(w, "mrz", p.mrz);
  write_strings(w, "quirks", p.quirks);
  write_strings(w, "problems", p.problems);
  w.key("signature");
  if (!p.signature) {
    w.null();
  } else {
    const auto& s = *p.signature;
    w.begin_object();
    w.key("algorithm");
    w.literal(to_string(s.algorithm));
    w.key("signer_id");
    if (s.signer_id.empty()) {
      w.null();
    } else {
      w.value(s.signer_id);
    }
    w.key("reference");
    if (s.reference.empty()) {
      w.null();
    } else {
      w.value(s.reference);
    }
    w.key("reference_kind");
    w.literal(to_string(s.reference_kind));
    optional_string(w, "signing_date",
                    s.signing_date ? std::optional<std::string>(to_iso(*s.signing_date)) : std::nullopt);
    w.key("signed_bytes");
    w.value(static_cast<std::int64_t>(s.signed_data.size()));
    w.key("signature_hex");
    w.value(barcode::to_hex(s.signature));
    w.key("certificate_embedded");
    w.value(s.certificate.has_value());
    w.end_object();
  }
  w.end_object();
}

void write_error(JsonWriter& w, const Error& error) {
  w.begin_object();
  w.key("code");
  w.literal(mrtd::to_string(error.code));
  w.key("message");
  w.value(error.message);
  if (error.offset >= 0) {
    w.key("offset");
    w.value(static_cast<std::int64_t>(error.offset));
  }
  w.end_object();
}

void write_symbol(JsonWriter& w, const barcode::Symbol& s) {
  w.begin_object();
  w.key("format");
  w.value(s.format);
  w.key("content_type");
  w.value(s.content_type);
  w.key("symbology_identifier");
  w.value(s.symbology_identifier);
  w.key("found_by");
  w.value(s.found_by);
  w.key("position");
  if (!s.position) {
    w.null();
  } else {
    w.begin_array();
    for (const auto& point : *s.position) {
      w.begin_array();
      w.value(point.x);
      w.value(point.y);
      w.end_array();
    }
    w.end_array();
  }
  w.key("kind");
  w.literal(barcode::to_string(s.kind));
  w.key("length");
  w.value(static_cast<std::int64_t>(s.bytes.size()));
  w.key("bytes_hex");
  w.value(barcode::to_hex(s.bytes));
  w.key("bytes_base64");
  w.value(base64(s.bytes));
  w.key("payload");
  if (s.payload) {
    write_payload(w, *s.payload);
  } else {
    w.null();
  }
  w.key("decode_error");
  if (s.decode_error) {
    write_error(w, *s.decode_error);
  } else {
    w.null();
  }
  w.end_object();
}

void payload_rows(detail::Rows& rows, const barcode::Payload& p) {
  rows.emplace_back("kind", std::string(barcode::to_string(p.kind)) + " (" + p.profile + ")");
  if (!p.issuing_state.empty()) {
    rows.emplace_back("issuing state", p.issuing_state);
  }
  for (const auto& field : p.header) {
    rows.emplace_back(field.name, field.value);
  }
  for (const auto& field : p.fields) {
    if (field.name != "mrz" && field.value.find('\n') == std::string::npos) {
      rows.emplace_back(field.name, field.value);
    }
  }
  if (p.mrz) {
    std::size_t start = 0;
    for (int line = 1; start <= p.mrz->size(); ++line) {
      const std::size_t end = std::min(p.mrz->find('\n', start), p.mrz->size());
      rows.emplace_back("mrz line " + std::to_string(line), p.mrz->substr(start, end - start));
      start = end + 1;
    }
  }
  for (const auto& quirk : p.quirks) {
    rows.emplace_back("deviation", quirk);
  }
}

} // namespace

std::string to_json(const Envelope& envelope, const seal::Report& report, Layout layout) {
  std::string out;
  {
    JsonWriter w(out, layout == Layout::pretty ? 2 : -1);
    detail::write_head(w, envelope, report.verdict, layout);
    w.key("data");
    if (report.verdict.outcome == Outcome::error) {
      w.null();
    } else {
      w.begin_object();
      w.key("payload");
      if (report.payload) {
        write_payload(w, *report.payload);
      } else {
        w.null();
      }
      w.key("trusted");
      w.value(report.signature_trusted);
      w.key("certificates");
      w.begin_array();
      for (const auto& cert : report.certificates) {
        detail::write_certificate(w, cert);
      }
      w.end_array();
      w.key("mrz");
      if (report.mrz && report.mrz->mrz) {
        detail::write_mrz(w, *report.mrz->mrz);
      } else {
        w.null();
      }
      w.end_object();
    }
    w.end_object();
  }
  return out;
}

std::string to_text(const Envelope& envelope, const seal::Report& report, const TextOptions& options) {
  detail::Rows rows;
  if (report.payload) {
    payload_rows(rows, *report.payload);
  }
  for (const auto& cert : report.certificates) {
    const std::string role = cert.role == "signer" ? "signer" : "CSCA";
    rows.emplace_back(role, cert.subject + " (" + cert.source + ")");
    rows.emplace_back(role + " validity",
                      cert.not_before.substr(0, 10) + " .. " + cert.not_after.substr(0, 10));
  }
  return detail::render_text(envelope, report.verdict, rows, options);
}

std::string to_summary_line(const Envelope& envelope, const seal::Report& report,
                            const TextOptions& options) {
  return detail::render_summary_line(envelope, report.verdict, options);
}

std::string to_json(const Envelope& envelope, const barcode::ScanReport& report, Layout layout) {
  std::string out;
  {
    JsonWriter w(out, layout == Layout::pretty ? 2 : -1);
    detail::write_head(w, envelope, report.verdict, layout);
    w.key("data");
    if (report.verdict.outcome == Outcome::error) {
      w.null();
    } else {
      w.begin_object();
      w.key("image");
      if (report.width && report.height) {
        w.begin_object();
        w.key("width");
        w.value(*report.width);
        w.key("height");
        w.value(*report.height);
        w.end_object();
      } else {
        w.null();
      }
      w.key("symbols");
      w.begin_array();
      for (const auto& symbol : report.symbols) {
        write_symbol(w, symbol);
      }
      w.end_array();
      w.end_object();
    }
    w.end_object();
  }
  return out;
}

std::string to_text(const Envelope& envelope, const barcode::ScanReport& report,
                    const TextOptions& options) {
  detail::Rows rows;
  int n = 0;
  for (const auto& s : report.symbols) {
    // Built by append: `"#" + std::to_string(...)` trips g++ 12's -Wrestrict at -O3.
    std::string prefix = "#";
    prefix += std::to_string(++n);
    prefix += ' ';
    rows.emplace_back(prefix + "format", s.format + " (" + s.found_by + ")");
    if (!s.payload) {
      rows.emplace_back(prefix + "kind", barcode::to_string(s.kind));
    }
    rows.emplace_back(prefix + "bytes", std::to_string(s.bytes.size()) + ": " +
                                            barcode::to_hex(s.bytes).substr(0, 64) +
                                            (s.bytes.size() > 32 ? "..." : ""));
    if (s.payload) {
      detail::Rows inner;
      payload_rows(inner, *s.payload);
      for (auto& [key, value] : inner) {
        rows.emplace_back(prefix + key, std::move(value));
      }
    } else if (s.decode_error) {
      rows.emplace_back(prefix + "decode error", s.decode_error->message);
    }
  }
  return detail::render_text(envelope, report.verdict, rows, options);
}

std::string to_summary_line(const Envelope& envelope, const barcode::ScanReport& report,
                            const TextOptions& options) {
  return detail::render_summary_line(envelope, report.verdict, options);
}

} // namespace mrtd::report
