"""Airflow DAG: trains a GAN with spark-submit from the same conf files and Spark properties as jobs/submit.sh.

Variables (Airflow Variables, with defaults): spark_gan_home (the checkout, where target/spark-gan-cluster.jar
is built by `mvn -DskipTests package`), spark_gan_config (conf/ring8.conf), spark_gan_runs (where run directories
go; {spark_gan_home}/runs), spark_gan_yarn ("false"; "true" submits to YARN in cluster mode with
conf/spark/yarn.properties, as `SPARK_GAN_PROPERTIES=conf/spark/yarn.properties jobs/submit.sh` does),
spark_gan_secret_file (the file holding a standalone cluster's spark.authenticate secret; default: the worker's
SPARK_GAN_SECRET_FILE, else ~/.config/spark-gan/secret, outside the checkout so that it cannot be committed with
it; keep it mode 600). The Spark connection `spark_default` names the master (yarn, with deploy-mode cluster in
its extras, for YARN). Every attempt of the task passes `--resume` with the same run directory
(<runs>/<dag>-<logical date>): the first attempt starts the run there, and a retry continues it from its latest
complete checkpoint instead of starting over.

On YARN the driver runs in a container on some node: the experiment file travels with --files and the driver is
given its base name (YarnClusterModeTest proves that submission), and spark_gan_runs must be a Hadoop path that
outlives the container, e.g. hdfs:///runs (the test writes its run directory to HDFS).
"""
import os
from datetime import datetime, timedelta

from airflow import DAG
from airflow.models import Variable
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

JAVA_CLASS = "io.sparkgan.cli.TrainCommand"
APPLICATION = "target/spark-gan-cluster.jar"
PROPERTIES_FILE = "conf/spark/default.properties"
YARN_PROPERTIES_FILE = "conf/spark/yarn.properties"
SECRET_FILE = "~/.config/spark-gan/secret"

home = Variable.get("spark_gan_home", default_var="/opt/spark-gan")
config = Variable.get("spark_gan_config", default_var="conf/ring8.conf")
runs = Variable.get("spark_gan_runs", default_var=f"{home}/runs")
yarn = Variable.get("spark_gan_yarn", default_var="false").lower() == "true"
secret_file = os.path.expanduser(Variable.get(
    "spark_gan_secret_file", default_var=os.environ.get("SPARK_GAN_SECRET_FILE", SECRET_FILE)))
run_dir = f"{runs}/{{{{ dag.dag_id }}}}-{{{{ ts_nodash }}}}"

if yarn:
    # The driver's container holds the shipped file under its base name; YARN generates the Spark secret.
    properties_file = f"{home}/{YARN_PROPERTIES_FILE}"
    files = f"{home}/{config}"
    application_args = [os.path.basename(config), "--resume", run_dir]
    env_vars = None
else:
    properties_file = f"{home}/{PROPERTIES_FILE}"
    files = None
    application_args = [f"{home}/{config}", "--resume", run_dir]
    env_vars = {"SPARK_GAN_SECRET_FILE": secret_file}

with DAG(
    dag_id="spark_gan_train",
    start_date=datetime(2026, 1, 1),
    schedule=None,
    catchup=False,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=5)},
    tags=["spark-gan"],
) as dag:
    train = SparkSubmitOperator(
        task_id="train",
        conn_id="spark_default",
        application=f"{home}/{APPLICATION}",
        java_class=JAVA_CLASS,
        properties_file=properties_file,
        files=files,
        application_args=application_args,
        env_vars=env_vars,
        name="spark-gan",
        verbose=False,
    )
