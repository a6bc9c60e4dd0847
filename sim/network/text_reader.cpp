// SPDX-License-Identifier: MIT
#include "sim/network/text_reader.hpp"

#include "sim/core/error.hpp"

#include <bzlib.h>
#include <lzma.h>
#include <zlib.h>

#include <array>
#include <cstdio>
#include <cstring>

namespace dsim::detail {

class TextReader::Decoder {
 public:
  Decoder(std::FILE* f, std::string file) : f_(f), file_(std::move(file)) {}
  virtual ~Decoder() { std::fclose(f_); }
  // Up to `cap` decoded bytes; 0 at the end.
  virtual std::size_t read(char* out, std::size_t cap, std::size_t line) = 0;

 protected:
  // Refills the compressed input; false at end of file.
  bool refill() {
    if (in_pos_ < in_len_) return true;
    in_len_ = std::fread(in_.data(), 1, in_.size(), f_);
    in_pos_ = 0;
    if (std::ferror(f_)) throw InputError(file_, 0, "", "a readable file", std::strerror(errno));
    return in_len_ > 0;
  }
  [[noreturn]] void corrupt(std::size_t line, const char* format, const std::string& what) const {
    throw InputError(file_, line, "", std::string("a complete ") + format + " stream", what);
  }

  std::FILE* f_;
  std::string file_;
  std::array<unsigned char, 1 << 16> in_{};
  std::size_t in_pos_ = 0, in_len_ = 0;
};

namespace {

class PlainDecoder final : public TextReader::Decoder {
 public:
  using Decoder::Decoder;
  std::size_t read(char* out, std::size_t cap, std::size_t) override {
    std::size_t got = 0;
    while (got < cap && refill()) {
      const std::size_t k = std::min(cap - got, in_len_ - in_pos_);
      std::memcpy(out + got, in_.data() + in_pos_, k);
      in_pos_ += k;
      got += k;
    }
    return got;
  }
};

class GzipDecoder final : public TextReader::Decoder {
 public:
  GzipDecoder(std::FILE* f, std::string file) : Decoder(f, std::move(file)) {
    if (inflateInit2(&z_, 15 + 32) != Z_OK) throw Error("zlib: inflateInit2 failed");
  }
  ~GzipDecoder() override { inflateEnd(&z_); }
  std::size_t read(char* out, std::size_t cap, std::size_t line) override {
    z_.next_out = reinterpret_cast<Bytef*>(out);
    z_.avail_out = static_cast<uInt>(cap);
    while (z_.avail_out > 0) {
      if (!refill()) {
        if (!ended_) corrupt(line, "gzip", "the file ends inside the compressed data");
        break;
      }
      if (ended_) {  // another gzip member follows (concatenated files)
        inflateReset(&z_);
        ended_ = false;
      }
      z_.next_in = in_.data() + in_pos_;
      z_.avail_in = static_cast<uInt>(in_len_ - in_pos_);
      const int rc = inflate(&z_, Z_NO_FLUSH);
      in_pos_ = in_len_ - z_.avail_in;
      if (rc == Z_STREAM_END) {
        ended_ = true;
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        corrupt(line, "gzip", z_.msg ? z_.msg : "corrupt data");
      }
    }
    return cap - z_.avail_out;
  }

 private:
  z_stream z_{};
  bool ended_ = false;
};

class Bzip2Decoder final : public TextReader::Decoder {
 public:
  Bzip2Decoder(std::FILE* f, std::string file) : Decoder(f, std::move(file)) { init(); }
  ~Bzip2Decoder() override { BZ2_bzDecompressEnd(&b_); }
  std::size_t read(char* out, std::size_t cap, std::size_t line) override {
    b_.next_out = out;
    b_.avail_out = static_cast<unsigned>(cap);
    while (b_.avail_out > 0) {
      if (!refill()) {
        if (!ended_) corrupt(line, "bzip2", "the file ends inside the compressed data");
        break;
      }
      if (ended_) {
        BZ2_bzDecompressEnd(&b_);
        init();
      }
      b_.next_in = reinterpret_cast<char*>(in_.data() + in_pos_);
      b_.avail_in = static_cast<unsigned>(in_len_ - in_pos_);
      const int rc = BZ2_bzDecompress(&b_);
      in_pos_ = in_len_ - b_.avail_in;
      if (rc == BZ_STREAM_END) {
        ended_ = true;
      } else if (rc != BZ_OK) {
        corrupt(line, "bzip2", "corrupt data (libbz2 error " + std::to_string(rc) + ")");
      }
    }
    return cap - b_.avail_out;
  }

 private:
  void init() {
    b_ = bz_stream{};
    if (BZ2_bzDecompressInit(&b_, 0, 0) != BZ_OK) throw Error("bzip2: BZ2_bzDecompressInit failed");
    ended_ = false;
  }
  bz_stream b_{};
  bool ended_ = false;
};

class XzDecoder final : public TextReader::Decoder {
 public:
  XzDecoder(std::FILE* f, std::string file) : Decoder(f, std::move(file)) {
    if (lzma_stream_decoder(&x_, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK)
      throw Error("liblzma: lzma_stream_decoder failed");
  }
  ~XzDecoder() override { lzma_end(&x_); }
  std::size_t read(char* out, std::size_t cap, std::size_t line) override {
    x_.next_out = reinterpret_cast<std::uint8_t*>(out);
    x_.avail_out = cap;
    while (x_.avail_out > 0 && !ended_) {
      const bool more = refill();
      x_.next_in = in_.data() + in_pos_;
      x_.avail_in = in_len_ - in_pos_;
      const lzma_ret rc = lzma_code(&x_, more ? LZMA_RUN : LZMA_FINISH);
      in_pos_ = in_len_ - x_.avail_in;
      if (rc == LZMA_STREAM_END) {
        ended_ = true;
      } else if (rc == LZMA_BUF_ERROR && !more) {
        corrupt(line, "xz", "the file ends inside the compressed data");
      } else if (rc != LZMA_OK) {
        corrupt(line, "xz", "corrupt data (liblzma error " + std::to_string(static_cast<int>(rc)) + ")");
      }
    }
    return cap - x_.avail_out;
  }

 private:
  lzma_stream x_ = LZMA_STREAM_INIT;
  bool ended_ = false;
};

std::string_view compression_of(const unsigned char* b, std::size_t n) {
  if (n >= 2 && b[0] == 0x1f && b[1] == 0x8b) return "gzip";
  if (n >= 3 && b[0] == 'B' && b[1] == 'Z' && b[2] == 'h') return "bzip2";
  if (n >= 6 && std::memcmp(b, "\xFD" "7zXZ\0", 6) == 0) return "xz";
  return "";
}

}  // namespace

std::string_view sniff_compression(const std::filesystem::path& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return "";
  unsigned char b[6] = {};
  const std::size_t n = std::fread(b, 1, sizeof b, f);
  std::fclose(f);
  return compression_of(b, n);
}

TextReader::TextReader(const std::filesystem::path& path) : file_(path.string()) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw InputError(file_, 0, "", "a file", "a directory");
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw InputError(file_, 0, "", "an existing readable file", std::strerror(errno));
  const std::string_view kind = sniff_compression(path);
  if (kind == "gzip")
    decoder_ = std::make_unique<GzipDecoder>(f, file_);
  else if (kind == "bzip2")
    decoder_ = std::make_unique<Bzip2Decoder>(f, file_);
  else if (kind == "xz")
    decoder_ = std::make_unique<XzDecoder>(f, file_);
  else
    decoder_ = std::make_unique<PlainDecoder>(f, file_);
}

TextReader::~TextReader() = default;

bool TextReader::fill() {
  if (eof_) return false;
  if (pos_ > 0) {
    buffer_.erase(0, pos_);
    pos_ = 0;
  }
  const std::size_t old = buffer_.size();
  const std::size_t chunk = 1 << 16;
  buffer_.resize(old + chunk);
  const std::size_t got = decoder_->read(buffer_.data() + old, chunk, line_ + 1);
  buffer_.resize(old + got);
  if (got == 0) eof_ = true;
  return got > 0;
}

bool TextReader::next_line(std::string_view& line) {
  std::size_t scanned = pos_;
  for (;;) {
    const std::size_t nl = buffer_.find('\n', scanned);
    if (nl != std::string::npos) {
      std::size_t end = nl;
      if (end > pos_ && buffer_[end - 1] == '\r') --end;
      line = std::string_view(buffer_).substr(pos_, end - pos_);
      pos_ = nl + 1;
      ++line_;
      return true;
    }
    const std::size_t offset = buffer_.size() - pos_;  // position relative to the line start
    if (!fill()) break;
    scanned = offset;  // fill() moved the line start to 0
  }
  if (pos_ >= buffer_.size()) return false;
  std::size_t end = buffer_.size();
  if (buffer_[end - 1] == '\r') --end;
  line = std::string_view(buffer_).substr(pos_, end - pos_);
  pos_ = buffer_.size();
  ++line_;
  return true;
}

}  // namespace dsim::detail
