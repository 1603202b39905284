// `chip verify` verdicts: JSON (schemas/chip.schema.json for `data`), text and summary lines.

#include "report/chip.hpp"
#include "report/detail/render.hpp"

namespace mrtd::report {

namespace {

using detail::JsonWriter;
using detail::optional_string;


void write_sod(JsonWriter& w, const chip::SodSummary& sod, bool trusted) {
  w.begin_object();
  w.key("trusted");
  w.value(trusted);
  w.key("content_type");
  w.value(sod.content_type);
  w.key("lds_security_object_version");
  w.value(sod.lds_security_object_version);
  optional_string(w, "lds_version", sod.lds_version);
  optional_string(w, "unicode_version", sod.unicode_version);
  w.key("hash_algorithm");
  w.value(sod.hash_algorithm);
  w.key("digest_algorithm");
  w.value(sod.digest_algorithm);
  w.key("signature_algorithm");
  w.value(sod.signature_algorithm);
  optional_string(w, "signing_time", sod.signing_time);
  w.key("signer_identifier");
  w.value(sod.signer_identifier);
  w.key("dg_hashes");
  w.begin_object();
  for (const auto& [dg, hash] : sod.dg_hashes) {
    const std::string key = std::to_string(dg);
    w.key(key);
    w.value(hash);
  }
  w.end_object();
  w.end_object();
}


void write_verify(std::string& out, const Envelope& envelope, const chip::Report& report,
                  Layout layout);

} // namespace

std::string to_json(const Envelope& envelope, const chip::Report& report, Layout layout) {
  std::string out;
  write_verify(out, envelope, report, layout); // the writer flushes when it goes out of scope
  return out;
}

namespace {

void write_verify(std::string& out, const Envelope& envelope, const chip::Report& report,
                  Layout layout) {
  JsonWriter w(out, layout == Layout::pretty ? 2 : -1);
  detail::write_head(w, envelope, report.verdict, layout);
  w.key("data");
  if (report.verdict.outcome == Outcome::error) {
    w.null();
  } else {
    w.begin_object();
    w.key("sod");
    if (report.sod) {
      write_sod(w, *report.sod, report.sod_trusted);
    } else {
      w.null();
    }
    w.key("certificates");
    w.begin_array();
    for (const auto& cert : report.certificates) {
      detail::write_certificate(w, cert);
    }
    w.end_array();
    w.key("data_groups");
    w.begin_object();
    for (const auto& [dg, sha256] : report.dg_sha256) {
      const std::string key = std::to_string(dg);
      w.key(key);
      w.begin_object();
      w.key("sha256");
      w.value(sha256);
      w.end_object();
    }
    w.end_object();
    optional_string(w, "dg1_mrz", report.dg1_mrz);
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

} // namespace

std::string to_text(const Envelope& envelope, const chip::Report& report,
                    const TextOptions& options) {
  detail::Rows rows;
  if (report.sod) {
    rows.emplace_back("SOD signature", report.sod->signature_algorithm);
    rows.emplace_back("DG hash algorithm", report.sod->hash_algorithm);
    if (report.sod->signing_time) {
      rows.emplace_back("signing time", *report.sod->signing_time);
    }
  }
  for (const auto& cert : report.certificates) {
    rows.emplace_back(cert.role == "dsc" ? "DSC" : "CSCA", cert.subject);
    rows.emplace_back(cert.role == "dsc" ? "DSC validity" : "CSCA validity",
                      cert.not_before.substr(0, 10) + " .. " + cert.not_after.substr(0, 10));
    rows.emplace_back(cert.role == "dsc" ? "DSC key" : "CSCA key", cert.key);
  }
  if (report.mrz && report.mrz->mrz) {
    for (auto& row : detail::mrz_rows(*report.mrz->mrz)) {
      rows.push_back(std::move(row));
    }
  }
  return detail::render_text(envelope, report.verdict, rows, options);
}

std::string to_summary_line(const Envelope& envelope, const chip::Report& report,
                            const TextOptions& options) {
  return detail::render_summary_line(envelope, report.verdict, options);
}

namespace detail {

void write_certificate(JsonWriter& w, const pki::CertificateSummary& cert) {
  w.begin_object();
  w.key("role");
  w.value(cert.role);
  w.key("source");
  w.value(cert.source);
  w.key("subject");
  w.value(cert.subject);
  w.key("issuer");
  w.value(cert.issuer);
  w.key("serial");
  w.value(cert.serial);
  w.key("not_before");
  w.value(cert.not_before);
  w.key("not_after");
  w.value(cert.not_after);
  w.key("key");
  w.value(cert.key);
  w.key("sha256");
  w.value(cert.sha256);
  w.end_object();
}

void optional_string(JsonWriter& w, std::string_view key, const std::optional<std::string>& value) {
  w.key(key);
  if (value) {
    w.value(*value);
  } else {
    w.null();
  }
}

void write_strings(JsonWriter& w, std::string_view key, const std::vector<std::string>& items) {
  w.key(key);
  w.begin_array();
  for (const auto& item : items) {
    w.value(item);
  }
  w.end_array();
}

} // namespace detail

} // namespace mrtd::report
