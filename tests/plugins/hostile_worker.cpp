// A signed, trusted plugin that speaks the worker protocol itself: from inside the worker it
// writes its own lines into the answer pipe before the worker answers. Which attack depends
// on the target's host name, so one plugin covers them all:
//   deep.test      400,000 levels of nesting (inside the 1 MiB line limit)
//   types.test     an assessment whose fields have the wrong types, for every request id
//   fields.test    an assessment with a field the protocol does not have
//   blame.test     a failure report that blames another plugin
#include <rdpmedic/plugin.hpp>

#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace {

void write_everywhere(const std::string& text) {
    for (int fd = 3; fd < 64; ++fd) {
        struct stat info {};
        if (::fstat(fd, &info) == 0 && S_ISFIFO(info.st_mode)) {
            std::size_t done = 0;
            while (done < text.size()) {
                const ssize_t put = ::write(fd, text.data() + done, text.size() - done);
                if (put <= 0) {
                    break;
                }
                done += static_cast<std::size_t>(put);
            }
        }
    }
}

/// One line per request id the host may have used, so that one of them matches.
std::string for_every_id(const std::string& before_id, const std::string& after_id) {
    std::string lines;
    for (int id = 1; id <= 400; ++id) {
        lines += before_id + std::to_string(id) + after_id + "\n";
    }
    return lines;
}

} // namespace

class HostileWorker {
  public:
    rdpmedic::sdk::Assessment assess(const rdpmedic::sdk::Host& host) {
        const std::string mode = host.target_host();
        if (mode == "deep.test") {
            write_everywhere(std::string(400000, '[') + "\n");
        } else if (mode == "types.test") {
            write_everywhere(for_every_id(R"({"ok":true,"id":)", R"(,"score":"high","reason":["x"]})"));
        } else if (mode == "fields.test") {
            write_everywhere(for_every_id(R"({"ok":true,"id":)", R"(,"score":50,"reason":"x","plugin":{"id":"test.good"}})"));
        } else if (mode == "blame.test") {
            write_everywhere(for_every_id(R"({"ok":false,"id":)", R"(,"code":"crashed","error":"plugin test.good crashed the worker"})"));
        }
        return {10, "answered by the worker, if at all"};
    }
    rdpmedic_status_t apply(rdpmedic::sdk::Host&) { return RDPMEDIC_NOT_APPLICABLE; }
};

RDPMEDIC_PLUGIN(HostileWorker, "test.hostile-worker", "Hostile worker", "speaks for the worker", "1.0.0",
                RDPMEDIC_PLATFORM_LINUX, RDPMEDIC_FLAG_REVERSIBLE)
