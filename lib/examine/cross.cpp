// The cross-checks of `mrtd examine`: every source that states a fact about the holder or the
// document must state the same. Sources: the printed MRZ, DG1, a visa sticker's printed MRZ,
// and each seal (its MRZ, the passport number a visa carries, a VDS-NC's holder data).

#include "examine/detail/cross.hpp"

#include "mrz/countries.hpp"

#include <algorithm>

namespace mrtd::examine::detail {

namespace {

// What one source says about the holder and the document.
struct Source {
  std::string label;
  const mrz::Mrz* mrz = nullptr; ///< its MRZ, if any
  bool same_document = false;    ///< describes the examined document itself (not a visa on it)
  std::optional<std::string> passport_number; ///< a visa's reference to the passport
  std::optional<std::string> birth_date;      ///< YYMMDD, from data other than an MRZ
  std::optional<std::string> sex;
};

struct Claim {
  std::string source;
  std::string value;     ///< compared
  std::string shown;     ///< reported
  bool truncated = false; ///< `value` may be a truncation of the full one
};

const barcode::Field* field(const barcode::Payload& payload, std::string_view name) {
  for (const auto* list : {&payload.fields, &payload.header}) {
    for (const auto& f : *list) {
      if (f.name == name) {
        return &f;
      }
    }
  }
  return nullptr;
}

bool is_visa(const mrz::Mrz& m) {
  return m.format == mrz::Format::mrv_a || m.format == mrz::Format::mrv_b;
}

std::vector<Source> sources(const Report& report) {
  std::vector<Source> out;
  if (report.mrz && report.mrz->mrz) {
    out.push_back({"printed MRZ", &*report.mrz->mrz, true, {}, {}, {}});
  }
  if (report.chip && report.chip->mrz && report.chip->mrz->mrz) {
    out.push_back({"DG1", &*report.chip->mrz->mrz, true, {}, {}, {}});
  }
  if (report.visa_mrz && report.visa_mrz->mrz) {
    out.push_back({"visa MRZ", &*report.visa_mrz->mrz, false, {}, {}, {}});
  }
  for (const auto& section : report.seals) {
    const seal::Report& seal = section.report;
    Source source{"seal " + section.source, nullptr, false, {}, {}, {}};
    if (seal.mrz && seal.mrz->mrz) {
      source.mrz = &*seal.mrz->mrz;
    }
    if (seal.payload) {
      for (const char* name : {"passport_number", "visa.passport_number", "msg.pid.i"}) {
        if (const auto* f = field(*seal.payload, name); f != nullptr && !f->value.empty()) {
          source.passport_number = f->value;
          break;
        }
      }
      if (const auto* dob = field(*seal.payload, "msg.pid.dob");
          dob != nullptr && dob->value.size() == 10) {
        source.birth_date = dob->value.substr(2, 2) + dob->value.substr(5, 2) +
                            dob->value.substr(8, 2);
      }
      if (const auto* sex = field(*seal.payload, "msg.pid.sex"); sex != nullptr) {
        source.sex = sex->value == "X" ? std::string("<") : sex->value;
      }
    }
    // A seal with its own MRZ and no reference to a passport describes the document itself.
    source.same_document = source.mrz != nullptr && !is_visa(*source.mrz) &&
                           !source.passport_number;
    if (source.mrz != nullptr || source.passport_number || source.birth_date || source.sex) {
      out.push_back(std::move(source));
    }
  }
  return out;
}

std::string name_key(const mrz::Mrz& m) {
  std::string key = m.primary_identifier + "<<" + m.secondary_identifier;
  std::replace(key.begin(), key.end(), ' ', '<');
  while (!key.empty() && key.back() == '<') {
    key.pop_back();
  }
  return key;
}

bool agree(const Claim& a, const Claim& b) {
  if (a.value == b.value) {
    return true;
  }
  // Doc 9303-3 §4.6: a truncated name is the full name cut at the field's end.
  const Claim& shorter = a.value.size() < b.value.size() ? a : b;
  const Claim& longer = a.value.size() < b.value.size() ? b : a;
  return shorter.truncated && longer.value.compare(0, shorter.value.size(), shorter.value) == 0;
}

void compare(Verdict& verdict, CheckId id, const char* what, std::vector<Claim> claims) {
  claims.erase(std::remove_if(claims.begin(), claims.end(),
                              [](const Claim& c) { return c.value.empty(); }),
               claims.end());
  if (claims.size() < 2) {
    verdict.add(id, Status::skip,
                claims.empty() ? std::string("no source states the ") + what
                               : "only the " + claims.front().source + " states the " + what);
    return;
  }
  std::string listing;
  for (const auto& claim : claims) {
    listing += (listing.empty() ? "" : ", ") + claim.source + " " + claim.shown;
  }
  for (std::size_t i = 1; i < claims.size(); ++i) {
    if (!agree(claims.front(), claims[i])) {
      Check& check = verdict.add(id, Status::fail, std::string(what) + " differs: " + listing);
      check.expected = claims.front().shown;
      check.found = claims[i].shown;
      return;
    }
  }
  bool truncated = false;
  for (const auto& claim : claims) {
    truncated = truncated || claim.value != claims.front().value;
  }
  verdict.add(id, Status::pass,
              std::to_string(claims.size()) + " sources agree" +
                  (truncated ? " (one truncated)" : "") + ": " + listing);
}

// The expiry of one document at `today`: a note, and whether it has passed.
struct Expiry {
  std::string note;
  bool expired = false;
};

std::optional<Expiry> expiry(const char* document, const mrz::Mrz* m, CivilDate today) {
  if (m == nullptr || !m->expiry_date.iso) {
    return std::nullopt;
  }
  const auto date = parse_iso_date(*m->expiry_date.iso);
  if (!date) {
    return std::nullopt;
  }
  const bool expired = days_from_civil(*date) < days_from_civil(today);
  return Expiry{std::string(document) + (expired ? " expired on " : " valid until ") +
                    *m->expiry_date.iso,
                expired};
}

} // namespace

void cross_check(Report& report, CivilDate today) {
  Verdict& verdict = report.verdict;
  const std::vector<Source> all = sources(report);

  std::vector<Claim> numbers, names, births, sexes, nationalities, states, expiries;
  for (const Source& s : all) {
    if (s.mrz != nullptr) {
      const mrz::Mrz& m = *s.mrz;
      if (s.same_document) {
        numbers.push_back({s.label, m.document_number, m.document_number});
        states.push_back({s.label, m.issuing_state, m.issuing_state});
        expiries.push_back({s.label, m.expiry_date.raw, m.expiry_date.raw});
      }
      names.push_back({s.label, name_key(m),
                       m.primary_identifier +
                           (m.secondary_identifier.empty() ? "" : ", " + m.secondary_identifier),
                       m.name_possibly_truncated});
      births.push_back({s.label, m.birth_date.raw, m.birth_date.raw});
      sexes.push_back({s.label, m.sex, m.sex});
      nationalities.push_back({s.label, m.nationality, m.nationality});
    }
    if (s.passport_number) {
      numbers.push_back({s.label + " (passport number)", *s.passport_number, *s.passport_number});
    }
    if (s.birth_date) {
      births.push_back({s.label, *s.birth_date, *s.birth_date});
    }
    if (s.sex) {
      sexes.push_back({s.label, *s.sex, *s.sex});
    }
  }
  // The CSCA the chip chains to names the issuing state (Doc 9303-12 §7.1.1).
  if (report.chip) {
    for (const auto& cert : report.chip->certificates) {
      if (cert.role == "csca" && !cert.country.empty()) {
        const auto field = mrz::country_field(cert.country);
        states.push_back({"chip CSCA (C=" + cert.country + ")", field.value_or(cert.country),
                          field.value_or(cert.country)});
      }
    }
  }

  compare(verdict, CheckId::examine_cross_document_number, "document number", numbers);
  compare(verdict, CheckId::examine_cross_name, "name", names);
  compare(verdict, CheckId::examine_cross_birth_date, "date of birth", births);
  compare(verdict, CheckId::examine_cross_sex, "sex", sexes);
  compare(verdict, CheckId::examine_cross_nationality, "nationality", nationalities);
  compare(verdict, CheckId::examine_cross_issuing_state, "issuing state", states);
  // A visa is issued by its own state, which need not be the passport's: its consistency is
  // with the certificate that signed it (the seal's own seal.country check), noted here.
  for (const auto& section : report.seals) {
    const auto& payload = section.report.payload;
    if (!payload || payload->issuing_state.empty() ||
        std::none_of(all.begin(), all.end(), [&](const Source& s) {
          return s.label == "seal " + section.source && !s.same_document;
        })) {
      continue;
    }
    std::string signer;
    for (const auto& cert : section.report.certificates) {
      if (cert.role == "signer" && !cert.country.empty()) {
        signer = ", signed under C=" + cert.country;
      }
    }
    verdict.checks.back().message += "; visa seal " + section.source + " issued by " +
                                     payload->issuing_state + signer + " (see its seal.country)";
  }
  compare(verdict, CheckId::examine_cross_expiry_date, "date of expiry", expiries);

  // Expiry: the document's date as the chip states it when its signature verified, else as
  // printed; a visa's as its sticker or seal states it.
  const mrz::Mrz* document = nullptr;
  if (report.chip && report.chip->sod_trusted && report.chip->mrz && report.chip->mrz->mrz) {
    document = &*report.chip->mrz->mrz;
  } else if (report.mrz && report.mrz->mrz) {
    document = &*report.mrz->mrz;
  }
  const mrz::Mrz* visa = report.visa_mrz && report.visa_mrz->mrz ? &*report.visa_mrz->mrz : nullptr;
  for (const Source& s : all) {
    if (document == nullptr && s.same_document) {
      document = s.mrz;
    }
    if (visa == nullptr && s.mrz != nullptr && is_visa(*s.mrz)) {
      visa = s.mrz;
    }
  }
  std::vector<Expiry> found;
  for (const auto& e : {expiry("document", document, today), expiry("visa", visa, today)}) {
    if (e) {
      found.push_back(*e);
    }
  }
  if (found.empty()) {
    verdict.add(CheckId::examine_expiry, Status::skip, "no date of expiry to judge");
    return;
  }
  std::string message;
  bool expired = false;
  for (const auto& e : found) {
    message += (message.empty() ? "" : "; ") + e.note;
    expired = expired || e.expired;
  }
  verdict.add(CheckId::examine_expiry, expired ? Status::fail : Status::pass,
              message + " (at " + to_iso(today) + ")");
}

} // namespace mrtd::examine::detail
