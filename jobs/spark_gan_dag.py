"""Airflow DAG: trains a GAN with spark-submit from the same conf files and Spark properties as jobs/submit.sh.

Variables (Airflow Variables, with defaults): spark_gan_home (the checkout, where target/spark-gan-cluster.jar
is built by `mvn -DskipTests package`), spark_gan_config (conf/ring8.conf), spark_gan_secret_file (the file holding
the cluster's spark.authenticate secret; default: the worker's SPARK_GAN_SECRET_FILE, else
~/.config/spark-gan/secret, outside the checkout so that it cannot be committed with it; keep it mode 600). The
Spark connection `spark_default` names the master. Every attempt of the task passes `--resume` with the same run directory
(runs/<dag>-<logical date>): the first attempt starts the run there, and a retry continues it from its
latest complete checkpoint instead of starting over.
"""
import os
from datetime import datetime, timedelta

from airflow import DAG
from airflow.models import Variable
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

JAVA_CLASS = "io.sparkgan.cli.TrainCommand"
APPLICATION = "target/spark-gan-cluster.jar"
PROPERTIES_FILE = "conf/spark/default.properties"
SECRET_FILE = "~/.config/spark-gan/secret"

home = Variable.get("spark_gan_home", default_var="/opt/spark-gan")
config = Variable.get("spark_gan_config", default_var="conf/ring8.conf")
secret_file = os.path.expanduser(Variable.get(
    "spark_gan_secret_file", default_var=os.environ.get("SPARK_GAN_SECRET_FILE", SECRET_FILE)))

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
        properties_file=f"{home}/{PROPERTIES_FILE}",
        application_args=[f"{home}/{config}", "--resume", f"{home}/runs/{{{{ dag.dag_id }}}}-{{{{ ts_nodash }}}}"],
        env_vars={"SPARK_GAN_SECRET_FILE": secret_file},
        name="spark-gan",
        verbose=False,
    )
