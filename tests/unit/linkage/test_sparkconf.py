"""Where the Spark engine runs: flags, SAFEPASSAGE_SPARK_* variables and spark-submit's own configuration."""

from __future__ import annotations

import pytest

from safepassage.linkage.backends import EngineError, SparkBackend, backend_named
from safepassage.linkage.cli import dedupe_main
from safepassage.linkage.sparkconf import (
    DRIVER_MEMORY,
    EXECUTOR_MEMORY,
    JARS,
    MASTER,
    PARALLELISM,
    SHUFFLE_PARTITIONS,
    SparkSettingError,
    SparkSettings,
    default_partitions,
    environment_settings,
    session_conf,
    spark_defaults,
)

JAR = "/opt/splink/scala-udf-similarity.jar"


@pytest.fixture
def spark_environment(monkeypatch):
    for name in ("MASTER", "EXECUTOR_MEMORY", "DRIVER_MEMORY", "PARTITIONS", "JAR", "CHECKPOINT_DIR"):
        monkeypatch.delenv(f"SAFEPASSAGE_SPARK_{name}", raising=False)
    environment_settings.cache_clear()
    yield monkeypatch
    environment_settings.cache_clear()


def test_without_settings_spark_runs_locally_with_the_similarity_jar():
    conf = session_conf(SparkSettings(), {}, submitted=False, jar=JAR)
    assert "local[*]" == conf[MASTER]
    assert JAR == conf[JARS]
    assert str(default_partitions()) == conf[SHUFFLE_PARTITIONS] == conf[PARALLELISM]
    assert EXECUTOR_MEMORY not in conf and DRIVER_MEMORY not in conf
    # The rows of a prepared table never sit inside the query plans (see DEFAULTS).
    assert "0" == conf["spark.sql.execution.arrow.localRelationThreshold"]
    assert "spark.checkpoint.dir" not in conf


def test_the_variables_name_the_master_memory_partitions_and_jar(spark_environment):
    spark_environment.setenv("SAFEPASSAGE_SPARK_MASTER", "spark://linkage-head:7077")
    spark_environment.setenv("SAFEPASSAGE_SPARK_EXECUTOR_MEMORY", "6G")
    spark_environment.setenv("SAFEPASSAGE_SPARK_DRIVER_MEMORY", "4g")
    spark_environment.setenv("SAFEPASSAGE_SPARK_PARTITIONS", "48")
    spark_environment.setenv("SAFEPASSAGE_SPARK_JAR", "hdfs:///jars/similarity.jar")
    spark_environment.setenv("SAFEPASSAGE_SPARK_CHECKPOINT_DIR", "hdfs:///tmp/linkage")
    settings = environment_settings()
    conf = session_conf(settings, {}, submitted=False, jar=settings.jar)
    assert "spark://linkage-head:7077" == conf[MASTER]
    assert ("6g", "4g") == (conf[EXECUTOR_MEMORY], conf[DRIVER_MEMORY])
    assert ("48", "48") == (conf[SHUFFLE_PARTITIONS], conf[PARALLELISM])
    assert "hdfs:///jars/similarity.jar" == conf[JARS]
    assert "hdfs:///tmp/linkage" == conf["spark.checkpoint.dir"]


def test_the_variables_are_read_once_per_process(spark_environment):
    spark_environment.setenv("SAFEPASSAGE_SPARK_MASTER", "yarn")
    first = environment_settings()
    spark_environment.setenv("SAFEPASSAGE_SPARK_MASTER", "local[2]")
    assert first is environment_settings()
    assert "yarn" == SparkBackend().settings.master


def test_a_master_given_to_the_backend_beats_the_variable(spark_environment):
    spark_environment.setenv("SAFEPASSAGE_SPARK_MASTER", "yarn")
    backend = backend_named("spark", spark_master="local-cluster[2,1,1024]")
    assert "local-cluster[2,1,1024]" == backend.settings.master
    assert "yarn" == backend_named("spark").settings.master


@pytest.mark.parametrize(
    ("name", "value", "named"),
    [
        (
            "SAFEPASSAGE_SPARK_EXECUTOR_MEMORY",
            "six gigabytes",
            "SAFEPASSAGE_SPARK_EXECUTOR_MEMORY='six gigabytes'",
        ),
        ("SAFEPASSAGE_SPARK_PARTITIONS", "0", "SAFEPASSAGE_SPARK_PARTITIONS='0'"),
        ("SAFEPASSAGE_SPARK_PARTITIONS", "many", "SAFEPASSAGE_SPARK_PARTITIONS='many'"),
    ],
)
def test_a_bad_variable_is_refused_by_name(spark_environment, name, value, named):
    spark_environment.setenv(name, value)
    with pytest.raises(SparkSettingError, match=named):
        environment_settings()


def test_under_spark_submit_its_master_and_memory_are_kept():
    submitted = {MASTER: "yarn", EXECUTOR_MEMORY: "8g", JARS: "hdfs:///jars/app.jar"}
    settings = SparkSettings(master="local[*]", executor_memory="2g", partitions=64)
    conf = session_conf(settings, submitted, submitted=True, jar=JAR)
    assert MASTER not in conf and EXECUTOR_MEMORY not in conf
    assert f"hdfs:///jars/app.jar,{JAR}" == conf[JARS]
    assert "64" == conf[SHUFFLE_PARTITIONS]


def test_spark_defaults_conf_decides_what_safepassage_is_not_told(tmp_path):
    (tmp_path / "spark-defaults.conf").write_text(
        "# the site's cluster\nspark.master   spark://head:7077\nspark.executor.memory=3g\nspark.jars "
        + JAR
        + "\n",
        encoding="utf-8",
    )
    defaults = spark_defaults({"SPARK_CONF_DIR": str(tmp_path)})
    assert {MASTER: "spark://head:7077", EXECUTOR_MEMORY: "3g", JARS: JAR} == defaults
    left_alone = session_conf(SparkSettings(), defaults, submitted=False, jar=JAR)
    assert MASTER not in left_alone and EXECUTOR_MEMORY not in left_alone and JAR == left_alone[JARS]
    told = session_conf(
        SparkSettings(master="yarn", executor_memory="5g"), defaults, submitted=False, jar=JAR
    )
    assert ("yarn", "5g") == (told[MASTER], told[EXECUTOR_MEMORY])


def test_no_spark_defaults_conf_means_no_defaults(tmp_path):
    assert {} == spark_defaults({"SPARK_CONF_DIR": str(tmp_path)})
    assert {} == spark_defaults({})


def test_a_bad_variable_stops_the_command_with_its_name(spark_environment, list_file, tmp_path, capsys):
    spark_environment.setenv("SAFEPASSAGE_SPARK_PARTITIONS", "-3")
    people = list_file("p.csv", "id,full_name\n1,Ким Ир Сен\n")
    code = dedupe_main([str(people), "--out", str(tmp_path / "c.csv"), "--engine", "spark"])
    assert 2 == code
    assert "SAFEPASSAGE_SPARK_PARTITIONS='-3'" in capsys.readouterr().err
    assert not (tmp_path / "c.csv").exists()


def test_spark_master_without_the_spark_engine_is_refused(list_file, tmp_path, capsys):
    people = list_file("p.csv", "id,full_name\n1,Ким Ир Сен\n")
    code = dedupe_main([str(people), "--out", str(tmp_path / "c.csv"), "--spark-master", "local[2]"])
    assert 2 == code
    assert "--spark-master applies to the Spark engine only" in capsys.readouterr().err


def test_a_backend_with_a_bad_setting_is_an_engine_error():
    with pytest.raises(EngineError, match="partitions"):
        SparkBackend(partitions=0)
