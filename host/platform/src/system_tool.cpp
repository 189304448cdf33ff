#include "rdpmedic/platform/system_tool.h"
#include "rdpmedic/platform/child_process.h"

#include <algorithm>
#include <stdexcept>

namespace rdpmedic {

std::string run_system_tool(const std::vector<std::string>& argv, std::chrono::seconds limit) {
    ChildProcess process(argv);
    process.close_stdin();
    std::string output;
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (process.read_output(output, deadline) == ChildProcess::Read::data) {
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    const auto code = process.wait_for(std::max(left, std::chrono::milliseconds(0)));
    const std::string& tool = argv.front();
    std::string command = tool.substr(tool.find_last_of("/\\") + 1);
    for (std::size_t i = 1; i < argv.size(); ++i) {
        command += " " + argv[i];
    }
    if (!code) {
        throw std::runtime_error(command + " did not finish within " + std::to_string(limit.count()) + " s");
    }
    if (*code != 0) {
        while (!output.empty() && (output.back() == '\n' || output.back() == '\r' || output.back() == ' ')) {
            output.pop_back();
        }
        const auto last = output.find_last_of('\n');
        const std::string tail = last == std::string::npos ? output : output.substr(last + 1);
        throw std::runtime_error(command + " failed (exit " + std::to_string(*code) + ")" +
                                 (tail.empty() ? "" : ": " + tail));
    }
    return output;
}

} // namespace rdpmedic
