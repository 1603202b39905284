// Passive Authentication, part 4: EF.COM, the data group hashes, DG1's MRZ, and Active and
// Chip Authentication.

#include "chip/detail/verifier.hpp"

#include <openssl/err.h>
#include <openssl/objects.h>

#include <algorithm>
#include <set>

namespace mrtd::chip::detail {

void Verifier::check_data_groups() {
  const auto& sod = m_sod;
  // EF.COM is not signed; its tag list must still agree with what the SOD lists.
  if (!m_files.com) {
    add(CheckId::chip_com_tag_list, Status::skip, "no EF.COM provided");
  } else if (auto com = parse_com(*m_files.com); !com) {
    add(CheckId::chip_com_tag_list, Status::fail, "EF.COM: " + com.error().message);
  } else {
    std::set<int> listed;
    for (const auto& file : com->files) {
      if (file.kind == FileId::Kind::dg) {
        listed.insert(file.dg);
      }
    }
    std::set<int> in_sod;
    for (const auto& [dg, value] : sod.dg_hashes) {
      in_sod.insert(dg);
    }
    auto names = [](const std::set<int>& dgs) {
      std::string text;
      for (const int dg : dgs) {
        text += (text.empty() ? "DG" : " DG") + std::to_string(dg);
      }
      return text.empty() ? std::string("none") : text;
    };
    if (listed == in_sod) {
      add(CheckId::chip_com_tag_list, Status::pass, "EF.COM and the SOD list " + names(listed));
    } else {
      Check& check = add(CheckId::chip_com_tag_list, Status::fail,
                         "EF.COM's tag list differs from the SOD's data groups");
      check.expected = names(in_sod);
      check.found = names(listed);
    }
  }

  std::set<int> dgs;
  for (const auto& [dg, value] : sod.dg_hashes) {
    dgs.insert(dg);
  }
  for (const auto& [dg, value] : m_files.dgs) {
    dgs.insert(dg);
  }
  for (const int dg : dgs) {
    const auto id = static_cast<CheckId>(static_cast<int>(CheckId::chip_dg1_hash) + dg - 1);
    const std::string name = "DG" + std::to_string(dg);
    const auto file = m_files.dgs.find(dg);
    const auto listed = sod.dg_hashes.find(dg);
    std::optional<Bytes> computed;
    if (file != m_files.dgs.end() && sod.hash != nullptr) {
      computed = digest(sod.hash, file->second);
      // The report's SHA-256 of the file: the same bytes hashed again, unless the SOD's
      // algorithm already is SHA-256.
      const bool same = EVP_MD_get_type(sod.hash) == NID_sha256 && !computed->empty();
      m_report.dg_sha256.emplace(
          dg,
          hex(same ? *computed : digest(pki::detail::fetched_digest(NID_sha256), file->second)));
    }
    if (file == m_files.dgs.end()) {
      add(id, Status::skip, name + " is listed in the SOD but was not provided");
    } else if (listed == sod.dg_hashes.end()) {
      add(id, Status::fail, name + " is present but not listed in the SOD (data injection)");
    } else if (!computed) {
      add(id, Status::skip, name + " not checked: the SOD's hash algorithm is unsupported");
    } else {
      const bool match = *computed == listed->second;
      if (!m_report.sod_trusted) {
        add(id, Status::skip,
            name + " not judged: the SOD's signature did not verify, so its hashes prove nothing" +
                (match ? " (it does match the unverified SOD)" : " (nor does it match the SOD)"));
      } else if (match) {
        add(id, Status::pass, name + " " + detail::digest_name(sod.hash) + " matches the SOD");
      } else {
        Check& check = add(id, Status::fail,
                           name + "'s " + detail::digest_name(sod.hash) + " differs from the SOD");
        check.expected = hex(listed->second);
        check.found = hex(*computed);
      }
    }
  }
}

void Verifier::check_dg1() {
  const auto dg1 = m_files.dgs.find(1);
  if (dg1 == m_files.dgs.end()) {
    add(CheckId::chip_dg1_mrz, Status::skip, "no DG1 provided");
    add(CheckId::chip_mrz_match, Status::skip, "no DG1 provided");
    return;
  }
  if (!m_mrz) {
    add(CheckId::chip_dg1_mrz, Status::fail, "DG1: " + m_dg1_error);
  } else {
    const Verdict& verdict = m_mrz->verdict;
    if (verdict.outcome == Outcome::invalid || verdict.outcome == Outcome::error) {
      std::string first;
      for (const auto& check : verdict.checks) {
        if (check.status == Status::fail) {
          first = std::string(check_name(check.id)) + ": " + check.message;
          break;
        }
      }
      if (verdict.error) {
        first = verdict.error->message;
      }
      add(CheckId::chip_dg1_mrz, Status::fail, "DG1's MRZ fails the MRZ checks: " + first);
    } else {
      const auto warnings = std::ranges::count_if(
          verdict.checks, [](const Check& check) { return check.status == Status::warn; });
      add(CheckId::chip_dg1_mrz, Status::pass,
          warnings == 0 ? std::string("DG1's MRZ passes the MRZ checks")
                        : "DG1's MRZ passes the MRZ checks (" + std::to_string(warnings) +
                              (warnings == 1 ? " warning)" : " warnings)"));
    }
  }
  if (!m_options.printed_mrz) {
    add(CheckId::chip_mrz_match, Status::skip, "no printed MRZ given (--mrz)");
  } else if (!m_report.dg1_mrz) {
    add(CheckId::chip_mrz_match, Status::fail, "DG1 holds no readable MRZ");
  } else {
    auto flat = [](std::string_view text) {
      std::string out;
      for (const char c : text) {
        if (c != '\n' && c != '\r' && c != ' ' && c != '\t') {
          out += c;
        }
      }
      return out;
    };
    const std::string printed = flat(*m_options.printed_mrz);
    const std::string chip = flat(*m_report.dg1_mrz);
    if (printed == chip) {
      add(CheckId::chip_mrz_match, Status::pass, "the printed MRZ equals DG1");
    } else {
      Check& check = add(CheckId::chip_mrz_match, Status::fail, "the printed MRZ differs from DG1");
      check.expected = chip;
      check.found = printed;
    }
  }
}

void Verifier::check_authentication() {
  auto verified = [&](int dg) {
    const Check* check =
        m_report.verdict.find(static_cast<CheckId>(static_cast<int>(CheckId::chip_dg1_hash) + dg - 1));
    return check != nullptr && check->status == Status::pass;
  };
  const auto dg15 = m_files.dgs.find(15);
  const bool have_exchange = m_options.aa_challenge && m_options.aa_response;
  if (!have_exchange) {
    add(CheckId::chip_active_authentication, Status::skip,
        dg15 != m_files.dgs.end()
            ? "DG15 is present; checking AA needs the chip's response (--aa-challenge, --aa-response)"
            : "no Active Authentication data (DG15, --aa-challenge, --aa-response)");
  } else if (dg15 == m_files.dgs.end()) {
    add(CheckId::chip_active_authentication, Status::fail,
        "an AA response was given but there is no DG15 with the chip's public key");
  } else if (!verified(15)) {
    add(CheckId::chip_active_authentication, Status::fail,
        "DG15 is not verified by Passive Authentication, so its key proves nothing");
  } else {
    const auto dg14 = m_files.dgs.find(14);
    std::optional<ByteView> dg14_view;
    if (dg14 != m_files.dgs.end()) {
      dg14_view = ByteView(dg14->second);
    }
    ERR_clear_error();
    const auto result = verify_active_authentication(dg15->second, dg14_view,
                                                     *m_options.aa_challenge, *m_options.aa_response);
    ERR_clear_error();
    if (!result) {
      add(CheckId::chip_active_authentication, Status::fail, result.error().message);
    } else {
      const Status status = result->status == AaStatus::valid     ? Status::pass
                            : result->status == AaStatus::invalid ? Status::fail
                                                                  : Status::skip;
      std::string message = result->algorithm;
      if (!result->message.empty()) {
        message += (message.empty() ? "" : ": ") + result->message;
      }
      add(CheckId::chip_active_authentication, status, message);
    }
  }
  if (m_files.dgs.find(14) == m_files.dgs.end()) {
    add(CheckId::chip_chip_authentication, Status::skip, "no DG14 provided");
  } else if (!verified(14)) {
    add(CheckId::chip_chip_authentication, Status::skip,
        "DG14 is not verified by Passive Authentication");
  } else {
    add(CheckId::chip_chip_authentication, Status::pass,
        "DG14 is covered by the SOD; Chip Authentication itself needs a live chip");
  }
}

} // namespace mrtd::chip::detail
