// `pki lint` verdicts: JSON (schemas/pki-lint.schema.json for `data`), text and summary lines.

#include "report/detail/render.hpp"
#include "report/pki_lint.hpp"

namespace mrtd::report {

namespace {

using detail::JsonWriter;
using detail::optional_string;
using detail::write_strings;

std::string key_text(const pki::KeyInfo& key) {
  std::string text = key.algorithm + " " + std::to_string(key.bits);
  if (key.curve) {
    text += " " + *key.curve;
  }
  if (key.explicit_parameters) {
    text += " (explicit parameters)";
  }
  return text;
}

void write_certificate(JsonWriter& w, const pki::CertificateInfo& cert) {
  w.begin_object();
  w.key("subject");
  w.value(cert.subject);
  w.key("issuer");
  w.value(cert.issuer);
  optional_string(w, "subject_country", cert.subject_country);
  optional_string(w, "issuer_country", cert.issuer_country);
  w.key("serial");
  w.value(cert.serial);
  w.key("not_before");
  w.value(to_iso_instant(cert.not_before));
  w.key("not_after");
  w.value(to_iso_instant(cert.not_after));
  w.key("signature_algorithm");
  w.value(cert.signature_algorithm);
  w.key("key");
  w.value(key_text(cert.key));
  optional_string(w, "subject_key_id", cert.subject_key_id);
  optional_string(w, "authority_key_id", cert.authority_key_id);
  w.key("ca");
  w.value(cert.is_ca);
  w.key("self_signed");
  w.value(cert.self_signed);
  write_strings(w, "key_usage", cert.key_usage);
  write_strings(w, "extended_key_usage", cert.extended_key_usage);
  w.key("sha256");
  w.value(cert.sha256);
  w.end_object();
}

void write_lint(std::string& out, const Envelope& envelope, const pki::LintReport& report,
                Layout layout) {
  JsonWriter w(out, layout == Layout::pretty ? 2 : -1);
  detail::write_head(w, envelope, report.verdict, layout);
  w.key("data");
  if (report.verdict.outcome == Outcome::error || !report.certificate) {
    w.null();
  } else {
    w.begin_object();
    w.key("profile");
    w.value(pki::to_string(report.profile));
    w.key("profile_source");
    w.value(report.profile_detected ? "auto" : "option");
    w.key("certificate");
    write_certificate(w, *report.certificate);
    w.end_object();
  }
  w.end_object();
}

} // namespace

std::string to_json(const Envelope& envelope, const pki::LintReport& report, Layout layout) {
  std::string out;
  write_lint(out, envelope, report, layout); // the writer flushes when it goes out of scope
  return out;
}

std::string to_text(const Envelope& envelope, const pki::LintReport& report,
                    const TextOptions& options) {
  detail::Rows rows;
  if (report.certificate) {
    const auto& cert = *report.certificate;
    rows.emplace_back("profile", std::string(pki::to_string(report.profile)) +
                                     (report.profile_detected ? " (detected)" : " (--profile)"));
    rows.emplace_back("subject", cert.subject);
    rows.emplace_back("issuer", cert.issuer);
    rows.emplace_back("serial", cert.serial);
    rows.emplace_back("validity",
                      to_iso_instant(cert.not_before) + " .. " + to_iso_instant(cert.not_after));
    rows.emplace_back("signature", cert.signature_algorithm);
    rows.emplace_back("key", key_text(cert.key));
    rows.emplace_back("sha256", cert.sha256);
  }
  return detail::render_text(envelope, report.verdict, rows, options);
}

std::string to_summary_line(const Envelope& envelope, const pki::LintReport& report,
                            const TextOptions& options) {
  return detail::render_summary_line(envelope, report.verdict, options);
}

} // namespace mrtd::report
