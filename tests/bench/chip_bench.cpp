// Passive Authentication throughput: documents per second through chip::verify (in process,
// with the batch path's chain cache) and through `mrtd chip verify --batch` end to end, per
// signature algorithm, against the floor of `openssl speed`'s verify rate for the same key type
// (a document costs at least one signature verification). A third figure, "minimum", is the
// least a verifier built on the same OpenSSL machinery does per document (EF.SOD decoded, the
// data groups and eContent hashed and compared, the signature verified; no MRZ, chain or
// verdict): the ceiling that chip::verify's ratio can approach. Not a test: figures depend on
// the machine (BENCH=chip tests/bench/run.sh).
//
//   mrtd_chip_bench [--mrtd PATH] [--seconds S] [--documents N]
//
// The CLI batch gets N records (default: as many as the in-process loop verified in S
// seconds, so that process start and trust loading weigh little).

#include "chip/chip.hpp"
#include "chip/detail/sod.hpp"
#include "chip/specimen.hpp"
#include "pki/trust_store.hpp"

#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>
#include <string>
#include <vector>

namespace {

namespace chip = mrtd::chip;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Case {
  const char* name;
  chip::SpecimenAlgorithm algorithm;
  bool explicit_parameters;
  const char* openssl_speed; ///< the `openssl speed` algorithm with the same verify cost
};

constexpr Case k_cases[] = {
    {"RSA-2048 PKCS#1 v1.5", chip::SpecimenAlgorithm::rsa_pkcs1v15, false, "rsa2048"},
    {"RSA-2048 PSS", chip::SpecimenAlgorithm::rsa_pss, false, "rsa2048"},
    {"ECDSA P-256", chip::SpecimenAlgorithm::ecdsa_p256, false, "ecdsap256"},
    {"ECDSA brainpoolP256r1 explicit", chip::SpecimenAlgorithm::ecdsa_brainpool_p256r1, true,
     "ecdsabrp256r1"},
    {"ECDSA brainpoolP384r1", chip::SpecimenAlgorithm::ecdsa_brainpool_p384r1, false,
     "ecdsabrp384r1"},
};

// `openssl speed -mr`'s verify rate (operations per second) for `algorithm`; 0 when unavailable.
// OpenSSL 3.0 prints `+F2:<i>:<bits>:<sign/s>:<verify/s>` (RSA) and `+F4:...` (ECDSA).
double openssl_verify_rate(const char* algorithm, int seconds) {
  const std::string command = "openssl speed -mr -seconds " + std::to_string(seconds) + " " +
                              algorithm + " 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    return 0;
  }
  char line[512];
  double rate = 0;
  while (std::fgets(line, sizeof line, pipe) != nullptr) {
    std::string text(line);
    if (text.rfind("+F2:", 0) == 0 || text.rfind("+F4:", 0) == 0) {
      rate = std::strtod(text.substr(text.rfind(':') + 1).c_str(), nullptr);
    }
  }
  pclose(pipe);
  return rate;
}

chip::ChipFiles files_of(const chip::Specimen& specimen) {
  chip::ChipFiles files;
  for (const auto& file : specimen.files) {
    if (file.name == "EF_SOD.bin") {
      files.sod = file.bytes;
    } else if (file.name == "EF_COM.bin") {
      files.com = file.bytes;
    } else if (file.name.rfind("DG", 0) == 0) {
      files.dgs.emplace(std::stoi(file.name.substr(2)), file.bytes);
    }
  }
  return files;
}

// One document through the minimum pipeline (see the top): true when it verifies. Uses the
// project's own EF.SOD decoder and signature core, with the batch's certificate memo and
// context pool, so the figure differs from chip::verify's by the checks and the verdict only.
bool verify_minimum(const chip::ChipFiles& files, chip::detail::CertificateMemo& memo,
                    mrtd::pki::detail::VerifyContextPool& pool) {
  const auto sod = chip::detail::parse_sod(*files.sod, &memo);
  if (!sod || sod->hash == nullptr || !sod->signer || sod->certificates.empty()) {
    return false;
  }
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  auto same = [&](const chip::Bytes& expected) {
    return expected.size() == size && std::memcmp(expected.data(), md, size) == 0;
  };
  for (const auto& [number, bytes] : files.dgs) {
    const auto listed = sod->dg_hashes.find(number);
    if (listed == sod->dg_hashes.end() ||
        EVP_Digest(bytes.data(), bytes.size(), md, &size, sod->hash, nullptr) != 1 ||
        !same(listed->second)) {
      return false;
    }
  }
  const auto& parts = sod->signer->parts;
  const ASN1_OBJECT* digest_oid = nullptr;
  X509_ALGOR_get0(&digest_oid, nullptr, nullptr, parts.digest);
  const EVP_MD* digest = mrtd::pki::detail::digest_for(digest_oid);
  const auto* message_digest = static_cast<const ASN1_OCTET_STRING*>(
      X509at_get0_data_by_OBJ(parts.signed_attributes, OBJ_nid2obj(NID_pkcs9_messageDigest), -3,
                              V_ASN1_OCTET_STRING));
  if (digest == nullptr || message_digest == nullptr ||
      EVP_Digest(sod->econtent.data(), sod->econtent.size(), md, &size, digest, nullptr) != 1 ||
      static_cast<unsigned int>(ASN1_STRING_length(message_digest)) != size ||
      std::memcmp(ASN1_STRING_get0_data(message_digest), md, size) != 0) {
    return false;
  }
  return mrtd::pki::detail::verify_signer_info(parts, sod->certificates.front().get(), &pool)
      .valid;
}

double now_seconds(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Documents per second of `one()` (true when the document verified) over `seconds`.
template <typename One> double rate(double seconds, const One& one) {
  long verified = 0;
  const auto start = Clock::now();
  while (now_seconds(start) < seconds) {
    for (int i = 0; i < 50; ++i) {
      verified += one() ? 1 : 0;
    }
  }
  return static_cast<double>(verified) / now_seconds(start);
}

} // namespace

int main(int argc, char** argv) {
  std::string mrtd;
  double seconds = 2;
  long documents = 0; // 0: as many as the in-process loop did
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--mrtd") {
      mrtd = argv[i + 1];
    } else if (flag == "--seconds") {
      seconds = std::atof(argv[i + 1]);
    } else if (flag == "--documents") {
      documents = std::atol(argv[i + 1]);
    }
  }
  if (mrtd.empty()) {
    mrtd = (fs::path(argv[0]).parent_path() / "mrtd").string();
  }
  const fs::path scratch = fs::temp_directory_path() / "mrtd-chip-bench";
  fs::remove_all(scratch);
  fs::create_directories(scratch);

  std::printf("Passive Authentication throughput (documents = EF.COM, DG1, DG2, EF.SOD; chain "
              "cached per DSC); in-process on one core, the CLI batch with one worker per core "
              "(%u here), openssl speed on one core\n",
              std::thread::hardware_concurrency());
  std::printf("%-32s %13s %11s %12s %16s %7s %8s %10s\n", "algorithm", "in-process/s",
              "minimum/s", "CLI batch/s", "openssl speed/s", "ratio", "minimum", "CLI ratio");
  for (const auto& c : k_cases) {
    chip::SpecimenOptions options;
    options.algorithm = c.algorithm;
    options.explicit_parameters = c.explicit_parameters;
    auto specimen = chip::make_specimen(options);
    if (!specimen) {
      std::printf("%-32s specimen failed: %s\n", c.name, specimen.error().message.c_str());
      return 1;
    }
    const chip::ChipFiles files = files_of(*specimen);
    mrtd::pki::TrustStore trust;
    for (const char* name : {"csca.pem", "crl.pem"}) {
      const auto* file = specimen->find(name);
      (void)trust.add(file->bytes, name);
    }
    chip::VerifyOptions verify;
    verify.at = 1767225600; // 2026-01-01
    chip::ChainCache cache;
    if (chip::verify(files, trust, verify, &cache).verdict.outcome != mrtd::Outcome::valid) {
      std::printf("%-32s the specimen does not verify: benchmark void\n", c.name);
      return 1;
    }

    // In process, then the minimum pipeline, each for `seconds`.
    const double in_process = rate(seconds, [&] {
      return chip::verify(files, trust, verify, &cache).verdict.outcome == mrtd::Outcome::valid;
    });
    chip::detail::CertificateMemo memo;
    mrtd::pki::detail::VerifyContextPool pool;
    const double minimum = rate(seconds, [&] { return verify_minimum(files, memo, pool); });
    if (minimum == 0) {
      std::printf("%-32s the minimum pipeline does not verify: benchmark void\n", c.name);
      return 1;
    }

    // End to end: the CLI over `records` NDJSON records naming the specimen's folder.
    const long records =
        documents > 0 ? documents : std::max(static_cast<long>(in_process * seconds), 100L);
    // The document's folder holds its four LDS files only, as a chip reader's dump does; the
    // certificates and the CRL go to a folder of their own.
    const fs::path folder = scratch / c.openssl_speed;
    const fs::path trust_folder = scratch / (std::string(c.openssl_speed) + "-trust");
    fs::create_directories(folder);
    fs::create_directories(trust_folder);
    for (const auto& file : specimen->files) {
      if (!file.secret) {
        const bool lds = file.name.find(".bin") != std::string::npos;
        std::ofstream((lds ? folder : trust_folder) / file.name, std::ios::binary)
            .write(reinterpret_cast<const char*>(file.bytes.data()),
                   static_cast<std::streamsize>(file.bytes.size()));
      }
    }
    const fs::path list = scratch / (std::string(c.openssl_speed) + ".ndjson");
    {
      std::ofstream out(list);
      for (long i = 0; i < records; ++i) {
        out << "{\"path\":\"" << folder.string() << "\",\"id\":" << i << "}\n";
      }
    }
    const std::string command = mrtd + " chip verify --batch --at 2026-01-01 --trust " +
                                (trust_folder / "csca.pem").string() + " --trust " +
                                (trust_folder / "crl.pem").string() + " -- " + list.string() +
                                " > /dev/null";
    const auto cli_start = Clock::now();
    const int status = std::system(command.c_str());
    const double cli = status == 0 ? static_cast<double>(records) / now_seconds(cli_start) : 0;

    const double floor = openssl_verify_rate(c.openssl_speed, static_cast<int>(seconds));
    auto percent = [floor](double rate) { return floor > 0 ? 100 * rate / floor : 0; };
    std::printf("%-32s %13.0f %11.0f %12.0f %16.0f %6.0f%% %7.0f%% %9.0f%%\n", c.name,
                in_process, minimum, cli, floor, percent(in_process), percent(minimum),
                percent(cli));
    std::fflush(stdout);
  }
  fs::remove_all(scratch);
  std::printf("ratio = documents/s over openssl speed's verify/s for that key type (target >= "
              "70%%); minimum = EF.SOD decoded, data groups and eContent hashed, signature "
              "verified, nothing else (the ceiling for ratio); the CLI figure includes reading "
              "four files per document and JSON output\n");
  return 0;
}
