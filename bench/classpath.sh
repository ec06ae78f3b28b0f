# Sourced by the bench scripts that run Ferry's benchmark classes (IndexBench, JournalBench, ...) in a JVM of their
# own: bench_classpath [SCOPE] compiles the test classes in one reactor run (never `mvn install`) and prints a class
# path of the modules' target/ folders and their dependencies of SCOPE (default runtime; test adds the test
# libraries, such as Selenium, and dicom-core's test classes). Needs $root, the repository.
bench_classpath() {
  local scope=${1:-runtime} list="$root/router/target/bench-classpath.txt"
  (cd "$root" && mvn -B -q -o test-compile dependency:build-classpath -pl router -am -Dmdep.includeScope="$scope" \
      -Dmdep.excludeGroupIds=ferry -Dmdep.outputFile="$list" >&2)
  local cp="$root/router/target/test-classes:$root/router/target/classes:$root/dicom-net/target/classes"
  cp="$cp:$root/dicom-core/target/classes"
  [[ $scope == test ]] && cp="$cp:$root/dicom-core/target/test-classes"
  echo "$cp:$(cat "$list")"
}
