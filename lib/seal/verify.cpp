// Seal verification: the fixed order of the checks, the payload's own rules (structure,
// conformance, dates, profile features, the MRZ inside) and the outcome policy.

#include "core/text.hpp"
#include "seal/detail/verifier.hpp"

#include <algorithm>

namespace mrtd::seal {

namespace detail {

namespace {

using barcode::PayloadKind;

// The MRZ as lines, whitespace trimmed; `printed` may separate lines by newlines or spaces.
std::vector<std::string> mrz_lines(std::string_view text) {
  std::vector<std::string> lines;
  std::string current;
  for (const char c : text) {
    if (c == '\n' || c == '\r' || c == ' ' || c == '\t') {
      if (!current.empty()) {
        lines.push_back(std::move(current));
        current.clear();
      }
    } else {
      current += c;
    }
  }
  if (!current.empty()) {
    lines.push_back(std::move(current));
  }
  return lines;
}

} // namespace

Check& Verifier::add(CheckId id, Status status, std::string message) {
  return m_report.verdict.add(id, status, std::move(message));
}

void Verifier::run() {
  check_content();
  check_mrz();
  check_signature();
  check_chain();

  Verdict& v = m_report.verdict;
  finalize(v);
  // Valid needs proof: the signature verified with a signer certificate that chains to a CSCA
  // of the store. Anything less, with nothing failed, is indeterminate.
  const auto passed = [&](CheckId id, bool warn_ok) {
    const Check* c = v.find(id);
    return c != nullptr && (c->status == Status::pass || (warn_ok && c->status == Status::warn));
  };
  if (v.outcome == Outcome::valid &&
      !(passed(CheckId::seal_signature, false) && passed(CheckId::seal_signer_certificate, true) &&
        passed(CheckId::seal_chain, false))) {
    v.outcome = Outcome::indeterminate;
  }
  m_report.signature_trusted = v.outcome == Outcome::valid;
}

void Verifier::check_content() {
  const barcode::Payload& p = m_payload;
  std::string what = std::string(barcode::to_string(p.kind)) + " (" + p.profile + ")";
  what += ", " + std::to_string(p.fields.size()) + " field" + (p.fields.size() == 1 ? "" : "s");
  if (p.signature) {
    what += ", signed over " + std::to_string(p.signature->signed_data.size()) + " bytes";
  }
  add(CheckId::seal_payload_structure, Status::pass, "decoded as " + what);

  if (p.quirks.empty()) {
    add(CheckId::seal_payload_conformance, Status::pass, "no deviation from the format");
  } else {
    add(CheckId::seal_payload_conformance, Status::warn,
        "tolerated deviation" + std::string(p.quirks.size() == 1 ? "" : "s") + ": " +
            join(p.quirks, "; "));
  }

  const CivilDate today = to_civil(m_options.at);
  std::vector<std::pair<std::string, CivilDate>> dates;
  if (p.issue_date) {
    dates.emplace_back("issue date", *p.issue_date);
  }
  if (p.signature && p.signature->signing_date) {
    dates.emplace_back("signature date", *p.signature->signing_date);
  }
  if (dates.empty()) {
    add(CheckId::seal_dates, Status::skip, "the payload carries no issue or signature date");
  } else {
    std::string listing;
    std::string late;
    for (const auto& [name, date] : dates) {
      listing += (listing.empty() ? "" : ", ") + name + " " + to_iso(date);
      if (date > today) {
        late += (late.empty() ? "" : ", ") + name + " " + to_iso(date);
      }
    }
    if (!late.empty()) {
      Check& c = add(CheckId::seal_dates, Status::fail, "dated after the verification time: " + late);
      c.expected = "on or before " + to_iso(today);
      c.found = listing;
    } else {
      add(CheckId::seal_dates, Status::pass, listing);
    }
  }

  if (!p.problems.empty()) {
    add(CheckId::seal_features, Status::fail, join(p.problems, "; "));
  } else if (p.profile == "unknown") {
    add(CheckId::seal_features, Status::warn,
        "unregistered document type: its features are shown raw and not checked");
  } else {
    add(CheckId::seal_features, Status::pass,
        "the " + p.profile + " profile's features are present and well-formed");
  }
}

void Verifier::check_mrz() {
  if (!m_payload.mrz) {
    add(CheckId::seal_mrz, Status::skip, "the payload holds no MRZ");
    add(CheckId::seal_mrz_match, Status::skip, "the payload holds no MRZ");
    return;
  }
  mrz::CheckOptions mrz_options;
  mrz_options.reference_date = to_civil(m_options.at);
  m_report.mrz = mrz::check(*m_payload.mrz, mrz_options);
  const Verdict& mv = m_report.mrz->verdict;
  if (mv.outcome == Outcome::error) {
    add(CheckId::seal_mrz, Status::fail,
        "the MRZ cannot be read: " + (mv.error ? mv.error->message : std::string("unknown")));
  } else if (mv.outcome == Outcome::invalid) {
    std::string failed;
    for (const Check& c : mv.checks) {
      if (c.status == Status::fail) {
        failed += (failed.empty() ? "" : ", ") + std::string(check_name(c.id));
      }
    }
    add(CheckId::seal_mrz, Status::fail, "the MRZ breaks " + failed);
  } else {
    add(CheckId::seal_mrz, Status::pass, "the MRZ passes every MRZ rule");
  }

  if (!m_options.printed_mrz) {
    add(CheckId::seal_mrz_match, Status::skip, "no printed MRZ given (--mrz)");
    return;
  }
  const auto seal = mrz_lines(*m_payload.mrz);
  const auto printed = mrz_lines(*m_options.printed_mrz);
  // A visa seal stores line 2 only up to the expiry date's check digit (28 characters,
  // barcodes.md P10); the rest of the printed line is not in the seal.
  const bool truncated = m_payload.profile == "icao.visa" || m_payload.kind == PayloadKind::idb;
  bool same = seal.size() == printed.size();
  for (std::size_t i = 0; same && i < seal.size(); ++i) {
    if (truncated && i == 1) {
      same = seal[i].substr(0, 28) == printed[i].substr(0, 28);
    } else {
      same = seal[i] == printed[i];
    }
  }
  if (same) {
    add(CheckId::seal_mrz_match, Status::pass,
        truncated ? "the printed MRZ matches the seal (line 2 up to the expiry check digit)"
                  : "the printed MRZ matches the seal");
  } else {
    Check& c = add(CheckId::seal_mrz_match, Status::fail, "the printed MRZ differs from the seal's");
    c.expected = *m_payload.mrz;
    c.found = *m_options.printed_mrz;
  }
}

} // namespace detail

VerifyCache::VerifyCache() : m_impl(std::make_unique<Impl>()) {}
VerifyCache::~VerifyCache() = default;

std::size_t VerifyCache::hits() const noexcept {
  return m_impl->chains.hits();
}

std::size_t VerifyCache::misses() const noexcept {
  return m_impl->chains.misses();
}

Report verify(ByteView payload, const pki::TrustStore& trust, const VerifyOptions& options,
              VerifyCache* cache) {
  Report report;
  auto decoded = barcode::decode(payload);
  if (!decoded) {
    report.verdict = error_verdict(decoded.error());
    return report;
  }
  switch (decoded->kind) {
  case barcode::PayloadKind::text:
  case barcode::PayloadKind::binary:
  case barcode::PayloadKind::two_d_doc:
    report.verdict = error_verdict(make_error(
        ErrorCode::unsupported,
        std::string("not a seal mrtd verifies: the payload is ") + barcode::to_string(decoded->kind)));
    report.payload = std::move(*decoded);
    return report;
  default: break;
  }
  report.payload = std::move(*decoded);
  detail::Verifier verifier(report, *report.payload, trust, options, cache);
  verifier.run();
  return report;
}

} // namespace mrtd::seal
