// SPDX-License-Identifier: Apache-2.0
// The files with which a planned sweep runs on engines that already exist (docs/sweep.md):
// DIR/jobs.txt, one self-contained shell command per point for GNU parallel, and Slurm
// job-array scripts that run the same lines, one point per array task.
#pragma once

#include <string>
#include <vector>

namespace rtv::app {

// One point as the scripts see it: its name (the point directory under points/, and of its
// log under logs/) and rtvsim's arguments, run in the sweep directory.
struct scripted_point {
    std::string name;
    std::vector<std::string> args;
};

// A word for POSIX sh: as is if it is plainly safe, else in single quotes.
std::string shell_quote(const std::string& word);

// jobs.txt: line k runs point k, from any directory:
//   cd DIR && RTVSIM ARGS... 2> logs/NAME.stderr.log
std::string jobs_txt(const std::string& sweep_dir, const std::string& rtvsim, const std::vector<scripted_point>& points);

struct slurm_settings {
    std::string time = "1:00:00";  // --time of one array task
    std::string mem = "1G";         // --mem of one array task
    unsigned max_parallel = 0;      // the %M of --array; 0: as many as there are tasks
    unsigned max_array_size = 1001; // the cluster's MaxArraySize: task ids stay below it
};

struct slurm_script {
    std::string file_name;  // slurm.sbatch, or slurm-0.sbatch, slurm-1.sbatch... when split
    std::string text;
};

// One script for `count` points if they fit in one array, else one per slice of at most
// max_array_size points (ids 0..MaxArraySize-1); each task runs line (offset + SLURM_ARRAY_TASK_ID + 1) of jobs.txt.
std::vector<slurm_script> slurm_scripts(const std::string& sweep_dir, const std::string& job_name, std::size_t count,
                                        const slurm_settings& settings);

}  // namespace rtv::app
