// Seal verification throughput: seals per second through mrtd (decode_image + read_barcodes +
// seal::verify, trust store loaded once) on the valid sample seal images, next to the baseline of
// the issue: ZXing::ReadBarcodes with ZXingReader's default hints on the same decoded image plus
// ONE signature check (EVP_DigestVerify of the seal's signature over its signed data with the
// signer's public key). Target: ours <= 1.1x the baseline's time. Calls are interleaved image by
// image, the side going first alternating by round, so load from other processes hits both sides
// alike. Then `mrtd seal verify` against Debian's ZXingReader as processes: one per image (process
// start dominates), and one over 100 copies of each image, the baseline adding one signature
// check per image. Not a test: figures depend on the machine (ctest does not run it).
//
//   mrtd_seal_bench [--seconds S] [--samples DIR] [--mrtd PATH] [--zxingreader PATH|none] [--cold]
//   --cold: no seal::VerifyCache, so every seal pays its signer's chain and CRL checks (by
//   default one cache serves the run, as `mrtd seal verify` does across the seals it reads)

#include "image/image.hpp"
#include "image/read.hpp"

#include "barcode/payload.hpp"
#include "core/date.hpp"
#include "pki/trust_store.hpp"
#include "seal/seal.hpp"

#define ZX_USE_UTF8
#include <ZXing/ReadBarcode.h>
#include <sys/wait.h>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <fcntl.h>
#include <spawn.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern char** environ;

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using Bytes = std::vector<std::uint8_t>;
using Split = std::array<double, 3>; ///< seconds summed over runs: decode, read, verify (or check)

// The valid cases of samples/seals/cases.json (vds-visa-forged is the invalid one).
constexpr const char* k_cases[] = {"vds-visa", "idb-visa", "vdsnc-vacc"};

// Images per process in the batch comparison: enough that process start is a small share.
constexpr long k_batch = 100;

struct Sample {
  std::string name;
  fs::path image;
  Bytes file, signed_data, signature;
  Split ours{}, base{};
  double mrtd_time = 0, zxr_time = 0;   ///< processes, seconds summed
  double mrtd_batch = 0, zxr_batch = 0; ///< one process over k_batch images, seconds summed
  long runs = 0, procs = 0, batches = 0;
};

double since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

void add_split(Split& split, const std::array<Clock::time_point, 4>& t) {
  for (std::size_t i = 0; i < split.size(); ++i) {
    split[i] += std::chrono::duration<double>(t[i + 1] - t[i]).count();
  }
}

[[noreturn]] void die(const std::string& message) {
  std::fprintf(stderr, "mrtd_seal_bench: %s\n", message.c_str());
  std::exit(1);
}

Bytes read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    die("cannot read " + path.string());
  }
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// ZXing::ReadBarcodes with ZXingReader's default hints: the bytes of the first valid symbol.
Bytes zxing_read(const mrtd::image::Image& image) {
  const ZXing::ImageView view(image.pixels.data(), image.width, image.height,
                              ZXing::ImageFormat::Lum);
  for (const auto& result : ZXing::ReadBarcodes(view, ZXing::DecodeHints{})) {
    if (result.isValid()) {
      return Bytes(result.bytes().begin(), result.bytes().end());
    }
  }
  return {};
}

// The baseline's one signature check: raw r||s to DER through ECDSA_SIG, then EVP_DigestVerify
// with SHA-256 (the sample signer is P-256: VDS hashes by the key's size, IDB and VDS-NC say so).
bool check_signature(EVP_PKEY* key, const Bytes& data, const Bytes& raw) {
  const int half = static_cast<int>(raw.size() / 2);
  ECDSA_SIG* sig = ECDSA_SIG_new();
  BIGNUM* r = BN_bin2bn(raw.data(), half, nullptr);
  BIGNUM* s = BN_bin2bn(raw.data() + half, half, nullptr);
  if (sig == nullptr || r == nullptr || s == nullptr || ECDSA_SIG_set0(sig, r, s) != 1) {
    BN_free(r);
    BN_free(s);
    ECDSA_SIG_free(sig);
    return false;
  }
  unsigned char* der = nullptr;
  const int len = i2d_ECDSA_SIG(sig, &der);
  ECDSA_SIG_free(sig);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  const bool ok =
      len > 0 && ctx != nullptr &&
      EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, key) == 1 &&
      EVP_DigestVerify(ctx, der, static_cast<std::size_t>(len), data.data(), data.size()) == 1;
  EVP_MD_CTX_free(ctx);
  OPENSSL_free(der);
  return ok;
}

// Runs `args` with stdout and stderr to /dev/null: its exit status, -1 when it could not run.
int run_quietly(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const auto& arg : args) {
    argv.push_back(const_cast<char*>(arg.c_str()));
  }
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const bool started = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ) == 0;
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  if (!started || waitpid(pid, &status, 0) != pid) {
    return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void print_row(const Sample& s) {
  const double n = static_cast<double>(s.runs);
  const double ours = s.ours[0] + s.ours[1] + s.ours[2];
  const double base = s.base[0] + s.base[1] + s.base[2];
  std::printf("%-11s %6ld %8.0f %8.0f %6.3f %9.3f |%7.3f %7.3f %7.3f |%7.3f %7.3f %7.3f\n",
              s.name.c_str(), s.runs, n / ours, n / base, ours / base,
              (s.ours[1] + s.ours[2]) / (s.base[1] + s.base[2]), 1e3 * s.ours[0] / n,
              1e3 * s.ours[1] / n, 1e3 * s.ours[2] / n, 1e3 * s.base[0] / n, 1e3 * s.base[1] / n,
              1e3 * s.base[2] / n);
}

} // namespace

int main(int argc, char** argv) {
  double seconds = 10;
  fs::path dir = fs::path(MRTD_SOURCE_DIR) / "samples" / "seals";
  std::string mrtd_bin = (fs::read_symlink("/proc/self/exe").parent_path() / "mrtd").string();
  std::string zxingreader = "ZXingReader";
  bool cold = false;
  for (int i = 1; i < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--cold") {
      cold = true;
      --i;
      continue;
    }
    const char* value = i + 1 < argc ? argv[i + 1] : nullptr;
    if (value != nullptr && flag == "--seconds") {
      seconds = std::atof(value);
    } else if (value != nullptr && flag == "--samples") {
      dir = value;
    } else if (value != nullptr && flag == "--mrtd") {
      mrtd_bin = value;
    } else if (value != nullptr && flag == "--zxingreader") {
      zxingreader = value;
    } else {
      die("usage: mrtd_seal_bench [--seconds S] [--samples DIR] [--mrtd PATH] "
          "[--zxingreader PATH|none] [--cold]");
    }
  }

  // The store holds every file of samples/seals/signer; the baseline's key is signer.pem's.
  const fs::path trust_dir = dir / "signer";
  mrtd::pki::TrustStore trust;
  for (const auto& entry : fs::directory_iterator(trust_dir)) {
    if (auto added = trust.add(read_file(entry.path()), entry.path().string()); !added) {
      die(entry.path().string() + ": " + added.error().message);
    }
  }
  const Bytes pem = read_file(trust_dir / "signer.pem");
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  X509* signer = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  EVP_PKEY* key = signer != nullptr ? X509_get_pubkey(signer) : nullptr;
  X509_free(signer);
  if (key == nullptr || EVP_PKEY_get_bits(key) != 256) {
    die("signer.pem: the baseline expects a P-256 signer key");
  }
  mrtd::seal::VerifyOptions options;
  options.at = *mrtd::parse_instant("2026-01-01");
  const std::vector<std::string> mrtd_args = {mrtd_bin,           "seal", "verify",    "--trust",
                                              trust_dir.string(), "--at", "2026-01-01"};

  // Checked once before timing: both readers give the sample's payload, the verdict is valid
  // and the baseline's signature verifies (`mrtd seal verify` must exit 0 on every run).
  std::vector<Sample> samples;
  for (const char* name : k_cases) {
    Sample s;
    s.name = name;
    s.image = dir / (s.name + ".png");
    s.file = read_file(s.image);
    const Bytes payload = read_file(dir / (s.name + ".bin"));
    const auto image = mrtd::image::decode_image(s.file);
    if (!image) {
      die(s.name + ": " + image.error().message);
    }
    const auto symbols = mrtd::image::read_barcodes(*image);
    if (symbols.size() != 1 || symbols[0].bytes != payload || zxing_read(*image) != payload) {
      die(s.name + ": read_barcodes or ZXing::ReadBarcodes misses the sample payload");
    }
    const auto outcome = mrtd::seal::verify(payload, trust, options).verdict.outcome;
    if (outcome != mrtd::Outcome::valid) {
      die(s.name + ": seal::verify says " + mrtd::to_string(outcome));
    }
    const auto decoded = mrtd::barcode::decode(payload);
    if (!decoded || !decoded->signature ||
        !check_signature(key, decoded->signature->signed_data, decoded->signature->signature)) {
      die(s.name + ": the baseline's ECDSA P-256 SHA-256 check fails");
    }
    s.signed_data = decoded->signature->signed_data;
    s.signature = decoded->signature->signature;
    samples.push_back(std::move(s));
  }

  // In process (a: ours, b: base), interleaved; each side's run timed step by step.
  mrtd::seal::VerifyCache cache;
  const auto run = [&](Sample& s, bool ours) {
    std::array<Clock::time_point, 4> t;
    t[0] = Clock::now();
    const auto image = mrtd::image::decode_image(s.file);
    t[1] = Clock::now();
    const Bytes payload =
        ours ? mrtd::image::read_barcodes(*image).at(0).bytes : zxing_read(*image);
    t[2] = Clock::now();
    const bool ok = ours ? mrtd::seal::verify(payload, trust, options, cold ? nullptr : &cache)
                                   .verdict.outcome == mrtd::Outcome::valid
                         : check_signature(key, s.signed_data, s.signature);
    t[3] = Clock::now();
    if (!ok || payload.empty()) {
      die(s.name + (ours ? ": verdict not valid" : ": baseline failed") + " while timing");
    }
    add_split(ours ? s.ours : s.base, t);
  };
  const auto start = Clock::now();
  long rounds = 0;
  for (; since(start) < seconds; ++rounds) {
    for (auto& s : samples) {
      run(s, rounds % 2 == 0);
      run(s, rounds % 2 != 0);
      ++s.runs;
    }
  }
  std::printf("Seal verification of %zu sample images, %ld interleaved rounds (%.1f s); seals/s "
              "on one core\n  ours = decode_image + read_barcodes + seal::verify (trust %s, at "
              "2026-01-01, %s)\n  base = decode_image + ZXing::ReadBarcodes (ZXingReader's default "
              "hints) + one EVP_DigestVerify (ECDSA P-256 SHA-256)\n",
              samples.size(), rounds, since(start), trust_dir.string().c_str(),
              cold ? "cold: no cache" : "one VerifyCache for the run, as seal verify uses");
  std::printf("%-11s %6s %8s %8s %6s %9s |%-23s |%-23s\n", "", "", "", "", "", "ratio",
              " ours ms per seal", " base ms per seal");
  std::printf("%-11s %6s %8s %8s %6s %9s |%7s %7s %7s |%7s %7s %7s\n", "sample", "runs", "ours/s",
              "base/s", "ratio", "no decode", "decode", "read", "verify", "decode", "ZXing", "sig");
  Sample all;
  all.name = "all";
  for (const auto& s : samples) {
    print_row(s);
    all.runs += s.runs;
    for (std::size_t i = 0; i < all.ours.size(); ++i) {
      all.ours[i] += s.ours[i];
      all.base[i] += s.base[i];
    }
  }
  print_row(all);
  std::printf("  ratio = ours time / base time (target <= 1.1); no decode = (read_barcodes + "
              "seal::verify) / (ReadBarcodes + signature check)\n");

  // A process per image (c), interleaved: `mrtd seal verify` against ZXingReader.
  bool with_zxr = zxingreader != "none";
  if (with_zxr && run_quietly({zxingreader, samples[0].image.string()}) < 0) {
    std::printf("ZXingReader: cannot run %s; mrtd timed alone\n", zxingreader.c_str());
    with_zxr = false;
  }
  const auto proc_start = Clock::now();
  while (since(proc_start) < seconds / 2) {
    for (auto& s : samples) {
      auto args = mrtd_args;
      args.push_back(s.image.string());
      auto t = Clock::now();
      if (const int rc = run_quietly(args); rc != 0) {
        die(mrtd_bin + " seal verify " + s.image.string() + ": exit status " + std::to_string(rc));
      }
      s.mrtd_time += since(t);
      t = Clock::now();
      if (with_zxr && run_quietly({zxingreader, s.image.string()}) < 0) {
        die("ZXingReader failed while timing");
      }
      s.zxr_time += with_zxr ? since(t) : 0;
      ++s.procs;
    }
  }
  std::printf("Processes, one per image (%.1f s): mrtd seal verify --trust DIR --at 2026-01-01 "
              "IMAGE vs ZXingReader IMAGE%s\n%-11s %6s %8s %8s %6s\n",
              since(proc_start), with_zxr ? "" : " (skipped)", "sample", "runs", "mrtd/s", "ZXR/s",
              "ratio");
  for (const auto& s : samples) {
    all.procs += s.procs;
    all.mrtd_time += s.mrtd_time;
    all.zxr_time += s.zxr_time;
  }
  samples.push_back(all);
  for (const auto& s : samples) {
    const double n = static_cast<double>(s.procs);
    std::printf("%-11s %6ld %8.1f", s.name.c_str(), s.procs, n / s.mrtd_time);
    if (with_zxr) {
      std::printf(" %8.1f %6.3f", n / s.zxr_time, s.mrtd_time / s.zxr_time);
    }
    std::printf("\n");
  }
  std::printf("  ratio = mrtd time per image / ZXingReader time per image\n");

  // One process over k_batch copies of each image (d), interleaved: both tools take several
  // files, so process start is paid once; the baseline adds one signature check per image at
  // the in-process rate measured above.
  samples.pop_back();
  const auto batch_start = Clock::now();
  while (with_zxr && since(batch_start) < seconds) {
    for (auto& s : samples) {
      auto args = mrtd_args;
      std::vector<std::string> zxr_args = {zxingreader};
      for (long i = 0; i < k_batch; ++i) {
        args.push_back(s.image.string());
        zxr_args.push_back(s.image.string());
      }
      auto t = Clock::now();
      if (const int rc = run_quietly(args); rc != 0) {
        die(mrtd_bin + " seal verify over " + std::to_string(k_batch) + " images: exit status " +
            std::to_string(rc));
      }
      s.mrtd_batch += since(t);
      t = Clock::now();
      if (run_quietly(zxr_args) < 0) {
        die("ZXingReader failed while timing");
      }
      s.zxr_batch += since(t);
      ++s.batches;
    }
  }
  if (with_zxr) {
    std::printf("Processes, %ld images each (%.1f s): mrtd seal verify --trust DIR --at 2026-01-01 "
                "IMAGE... vs ZXingReader IMAGE... + one signature check per image\n"
                "%-11s %6s %8s %8s %8s %6s\n",
                k_batch, since(batch_start), "sample", "procs", "mrtd/s", "ZXR/s", "ZXR+sig/s",
                "ratio");
    Sample total;
    total.name = "all";
    for (const auto& s : samples) {
      total.batches += s.batches;
      total.mrtd_batch += s.mrtd_batch;
      total.zxr_batch += s.zxr_batch;
      total.runs += s.runs;
      total.base[2] += s.base[2];
    }
    samples.push_back(total);
    for (const auto& s : samples) {
      const double images = static_cast<double>(s.batches * k_batch);
      const double sig = s.base[2] / static_cast<double>(s.runs); // seconds per check
      const double base = s.zxr_batch + images * sig;
      std::printf("%-11s %6ld %8.1f %8.1f %8.1f %6.3f\n", s.name.c_str(), s.batches,
                  images / s.mrtd_batch, images / s.zxr_batch, images / base, s.mrtd_batch / base);
    }
    std::printf("  ratio = mrtd time / (ZXingReader time + one signature check per image) "
                "(target <= 1.1)\n");
  }
  EVP_PKEY_free(key);
  return 0;
}
