// SPDX-License-Identifier: MIT
#pragma once

#include <CLI/CLI.hpp>

#include <atomic>
#include <functional>

namespace dsim::cli {

// A subcommand registers its options on `app` and returns the action that
// runs it once parsing succeeded; the action returns the exit status.
using Action = std::function<int()>;

Action add_demo_command(CLI::App& app);
Action add_run_command(CLI::App& app);
Action add_mmc_command(CLI::App& app);
Action add_validate_command(CLI::App& app);
Action add_warn_command(CLI::App& app);
Action add_place_command(CLI::App& app);
Action add_sweep_command(CLI::App& app);
Action add_merge_command(CLI::App& app);
Action add_compare_command(CLI::App& app);
Action add_export_command(CLI::App& app);
Action add_report_command(CLI::App& app);

// `dsim drill`: the parent of the drill commands.
CLI::App& add_drill_command(CLI::App& app);
Action add_drill_design_command(CLI::App& drill);
Action add_drill_evaluate_command(CLI::App& drill);

// `dsim network`: the parent of the network commands, which register on it.
CLI::App& add_network_command(CLI::App& app);
Action add_network_generate_command(CLI::App& network);
Action add_network_info_command(CLI::App& network);
Action add_network_coverage_command(CLI::App& network);
Action add_network_index_command(CLI::App& network);

// Set by SIGINT (Ctrl-C): long commands stop starting new work, keep what
// finished, and exit with kExitInterrupted.
const std::atomic<bool>& interrupt_flag();
void install_interrupt_handler();

// Exit statuses shared by all commands.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitInterrupted = 130;

}  // namespace dsim::cli
