// SPDX-License-Identifier: MIT
// Drills (sim/drill/) for disastersim.drill: design, play, evaluate.
#include "python/bindings/bindings.hpp"
#include "sim/drill/drill_design.hpp"
#include "sim/drill/drill_evaluation.hpp"
#include "sim/drill/drill_report.hpp"

#include <pybind11/stl.h>

#include <memory>

namespace py = pybind11;

namespace dsim::python {

namespace {

// A drill played over simulated replications, kept so that several logs can
// be scored against the same simulated times.
struct PlayedDrill {
  DrillSpec spec;
  DrillRun run;
};

// A scored log; its after-action report is built when asked for.
struct EvaluatedDrill {
  std::shared_ptr<PlayedDrill> played;
  DrillEvaluation evaluation;
  ResultsFile file;
};

DrillProgress progress_of(PythonProgress& show) {
  if (!show.enabled()) return {};
  return [&show](const std::string& stage, std::size_t done, std::size_t total) { show(stage, done, total); };
}

py::list log_rows(const std::vector<LogEntry>& log) {
  py::list rows;
  for (const LogEntry& e : log) {
    py::dict row;
    row["time"] = e.time_text;
    row["task"] = e.task;
    row["actor"] = e.actor;
    row["place"] = e.place;
    row["note"] = e.note;
    rows.append(row);
  }
  return rows;
}

py::list weak_spot_rows(const std::vector<WeakSpot>& spots) {
  py::list rows;
  for (const WeakSpot& w : spots) {
    py::dict row;
    row["kind"] = w.kind;
    row["where"] = w.where;
    row["finding"] = w.finding;
    row["inject"] = w.inject;
    row["value"] = w.value;
    rows.append(row);
  }
  return rows;
}

}  // namespace

void bind_drill(py::module_& m) {
  py::class_<PlayedDrill, std::shared_ptr<PlayedDrill>>(m, "PlayedDrill")
      .def_property_readonly("drill_file", [](const PlayedDrill& p) { return p.spec.source_path; })
      .def_property_readonly("replications", [](const PlayedDrill& p) { return p.run.times.replications.size(); })
      .def("results", [](const PlayedDrill& p) { return results_to_python(p.run.results); },
           "The simulated drill's tables, as ds.run returns them.")
      .def("expected", [](const PlayedDrill& p) {
             return results_to_python(expected_results(p.spec, p.run));
           }, "The drill_expected table (tables dict as ds.run returns them).")
      .def("simulated_log", [](const PlayedDrill& p, std::size_t replication) {
             if (replication >= p.run.times.replications.size())
               throw py::index_error("replication index " + std::to_string(replication) + " of " +
                                     std::to_string(p.run.times.replications.size()));
             return log_rows(simulated_log(p.spec, p.run, replication));
           }, py::arg("replication"))
      .def("script_html", [](const PlayedDrill& p) { return drill_script_html(p.spec, p.run); });

  m.def(
      "drill_play",
      [](const std::string& path, int replications, long long seed, int threads, py::object progress) {
        auto played = std::make_shared<PlayedDrill>();
        PythonProgress show(std::move(progress));
        {
          py::gil_scoped_release release;
          played->spec = read_drill_file(path);
          if (seed >= 0) played->spec.seed = seed;
          played->run = run_drill(played->spec, threads, progress_of(show), replications, "disastersim.drill_play");
        }
        return played;
      },
      py::arg("path"), py::arg("replications") = 0, py::arg("seed") = -1, py::arg("threads") = 0,
      py::arg("progress") = py::none(),
      "Reads a drill file and plays its scenario over the replications (0: the drill's); seed -1: the drill's.");

  py::class_<EvaluatedDrill, std::shared_ptr<EvaluatedDrill>>(m, "EvaluatedDrill")
      .def("results", [](const EvaluatedDrill& e) { return results_to_python(e.file); })
      .def("report_html", [](const EvaluatedDrill& e) {
             py::gil_scoped_release release;
             return after_action_report_html(e.played->spec, e.played->run, e.evaluation);
           })
      .def("scores_csv", [](const EvaluatedDrill& e) { return scores_csv(e.file); })
      .def_property_readonly("strengths", [](const EvaluatedDrill& e) { return e.evaluation.strengths; })
      .def_property_readonly("improvements", [](const EvaluatedDrill& e) { return e.evaluation.improvements; });

  m.def(
      "drill_evaluate",
      [](std::shared_ptr<PlayedDrill> played, const std::string& log_path) {
        auto out = std::make_shared<EvaluatedDrill>();
        out->played = played;
        {
          py::gil_scoped_release release;
          const DrillClock start = drill_clock(played->spec, played->run.scenario.scenario);
          out->evaluation = evaluate_drill(played->spec, played->run, read_drill_log(log_path, played->spec, start));
          out->file = evaluation_results(played->spec, played->run, out->evaluation, "disastersim.drill_evaluate");
        }
        return out;
      },
      py::arg("played"), py::arg("log_path"), "Scores a drill log (CSV) against a played drill.");

  m.def(
      "drill_design",
      [](const std::string& scenario, const std::string& drill_path, const std::vector<std::string>& objectives,
         int replications, long long seed, double first_inject_s, double duration_s, const std::string& start,
         int threads, py::object progress) {
        DrillDesignOptions o;
        o.scenario_path = scenario;
        o.drill_path = drill_path;
        o.objectives = objectives;
        o.replications = replications;
        o.seed = seed;
        o.first_inject_s = first_inject_s;
        o.duration_s = duration_s;
        o.start_clock = start;
        PythonProgress show(std::move(progress));
        auto played = std::make_shared<PlayedDrill>();
        DrillDesign design;
        std::string html;
        {
          py::gil_scoped_release release;
          design = design_drill(o, threads, progress_of(show));
          html = drill_script_html(design.drill, design.run, design.weak_spots);
          played->spec = design.drill;
          played->run = std::move(design.run);
        }
        py::dict out;
        out["drill_text"] = design.drill_text;
        out["weak_spots"] = weak_spot_rows(design.weak_spots);
        out["script_html"] = html;
        out["played"] = played;
        return out;
      },
      py::arg("scenario"), py::arg("drill_path"), py::arg("objectives"), py::arg("replications"), py::arg("seed"),
      py::arg("first_inject_s"), py::arg("duration_s"), py::arg("start"), py::arg("threads"),
      py::arg("progress") = py::none(),
      "Proposes a drill at the plan's weak spots: the drill file's text, the weak spots, the drill script's HTML "
      "and the played drill.");
}

}  // namespace dsim::python
