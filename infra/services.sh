# shellcheck shell=bash
# infra/services.sh - helpers sourced by ./assay (not meant to be executed).
#
# Every assay_* function is idempotent, prints nothing when everything is
# already in place, prints one line per action it takes, and returns non-zero
# with a one-line "assay: error: ..." message on stderr when it cannot do its
# job. The functions never call `exit`, so sourcing this file from an
# interactive shell is safe.
#
# Configuration (environment, all optional):
#   ASSAY_DB_HOST / ASSAY_DB_PORT             PostgreSQL (default 127.0.0.1 / 5432)
#   ASSAY_DB_NAME                             application database (default assay)
#   ASSAY_DB_URL                              JDBC URL read by the application; built
#                                             from the three above, or parsed into them
#   ASSAY_DB_USER / ASSAY_DB_PASSWORD         application role (default assay / assay)
#   ASSAY_RETENTION_DB_PASSWORD               password of the audit retention role assay_retention
#                                             (default assay-retention)
#   ASSAY_DB_SUPERUSER                        superuser for role/db creation (default postgres)
#   ASSAY_DB_SUPERUSER_PASSWORD               its password, if TCP login needs one
#   ASSAY_RABBITMQ_HOST / ASSAY_RABBITMQ_PORT RabbitMQ (default 127.0.0.1 / 5672)
#   ASSAY_JDK_SEARCH_ROOT                     where JDKs are looked for (default /usr/lib/jvm)
#   ASSAY_CHROMIUM_PATH                       Chromium binary (default /usr/bin/chromium)
#   ASSAY_MAVEN_ARGS                          extra arguments for the build
#   ASSAY_SKIP_BUILD=1                        use the existing jar even if sources changed

if [[ -z "${ASSAY_ROOT:-}" ]]; then
    ASSAY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fi
ASSAY_STATE_DIR="${ASSAY_STATE_DIR:-$ASSAY_ROOT/.assay}"
ASSAY_APP_JAR="${ASSAY_APP_JAR:-$ASSAY_ROOT/app/target/quarkus-app/quarkus-run.jar}"
# The same application built for one-shot commands, without the UI and the API documents (app-cli).
ASSAY_CLI_JAR="${ASSAY_CLI_JAR:-$ASSAY_ROOT/app-cli/target/quarkus-app/quarkus-run.jar}"

# assay_parse_jdbc_url URL: prints "HOST PORT DATABASE" for a simple
# jdbc:postgresql://host[:port]/database[?params] URL (IPv6 host without
# brackets); fails otherwise (e.g. multi-host URLs).
assay_parse_jdbc_url() {
    local rest=${1#jdbc:postgresql://} hostport db
    [[ "$rest" != "$1" && "$rest" == */* ]] || return 1
    hostport=${rest%%/*}
    db=${rest#*/}
    db=${db%%\?*}
    [[ -n "$hostport" && -n "$db" && "$hostport" != *,* ]] || return 1
    if [[ "$hostport" =~ ^(\[[^]]*\]|[^:]*)(:([0-9]+))?$ ]]; then
        local host=${BASH_REMATCH[1]#[}
        printf '%s %s %s\n' "${host%]}" "${BASH_REMATCH[3]:-5432}" "$db"
    else
        return 1
    fi
}

# The application reads the JDBC URL ASSAY_DB_URL. Keep it consistent with
# ASSAY_DB_HOST/PORT/NAME: derive them from ASSAY_DB_URL when only the URL is
# given, otherwise build the URL from them.
if [[ -n "${ASSAY_DB_URL:-}" ]]; then
    if _assay_url_parts=$(assay_parse_jdbc_url "$ASSAY_DB_URL"); then
        read -r _assay_h _assay_p _assay_d <<<"$_assay_url_parts"
        ASSAY_DB_HOST="${ASSAY_DB_HOST:-$_assay_h}"
        ASSAY_DB_PORT="${ASSAY_DB_PORT:-$_assay_p}"
        ASSAY_DB_NAME="${ASSAY_DB_NAME:-$_assay_d}"
        unset _assay_h _assay_p _assay_d
    fi
    unset _assay_url_parts
fi
export ASSAY_DB_HOST="${ASSAY_DB_HOST:-127.0.0.1}"
export ASSAY_DB_PORT="${ASSAY_DB_PORT:-5432}"
export ASSAY_DB_NAME="${ASSAY_DB_NAME:-assay}"
export ASSAY_DB_URL="${ASSAY_DB_URL:-jdbc:postgresql://$ASSAY_DB_HOST:$ASSAY_DB_PORT/$ASSAY_DB_NAME}"
export ASSAY_DB_USER="${ASSAY_DB_USER:-assay}"
export ASSAY_DB_PASSWORD="${ASSAY_DB_PASSWORD:-assay}"
export ASSAY_RETENTION_DB_PASSWORD="${ASSAY_RETENTION_DB_PASSWORD:-assay-retention}"
export ASSAY_RABBITMQ_HOST="${ASSAY_RABBITMQ_HOST:-127.0.0.1}"
export ASSAY_RABBITMQ_PORT="${ASSAY_RABBITMQ_PORT:-5672}"

# ---------------------------------------------------------------- utilities

assay_info() { printf 'assay: %s\n' "$*" >&2; }
assay_error() { printf 'assay: error: %s\n' "$*" >&2; }

# _assay_as_root CMD...: run CMD as root (directly when root, else via sudo).
_assay_as_root() {
    if [[ "$(id -u)" -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        assay_error "root privileges needed to run '$*' and sudo is not installed"
        return 1
    fi
}

# _assay_is_loopback HOST
_assay_is_loopback() {
    case "$1" in
        localhost | localhost.localdomain | 127.* | ::1 | '[::1]' | 0:0:0:0:0:0:0:1) return 0 ;;
        *) return 1 ;;
    esac
}

# _assay_tcp_open HOST PORT: true when something accepts TCP connections.
_assay_tcp_open() {
    local host=$1 port=$2
    host=${host#[}
    host=${host%]}
    # shellcheck disable=SC2016 # expanded by the inner bash
    timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$host" "$port" >/dev/null 2>&1
}

_ASSAY_APT_UPDATED=${_ASSAY_APT_UPDATED:-}

# _assay_apt_install PACKAGE...: apt-get update (once per run) + install.
_assay_apt_install() {
    if ! command -v apt-get >/dev/null 2>&1; then
        assay_error "apt-get not found; install $* with your package manager and retry"
        return 1
    fi
    mkdir -p "$ASSAY_STATE_DIR" || return 1
    local log="$ASSAY_STATE_DIR/apt.log"
    assay_info "installing $* with apt-get (log: ${log#"$ASSAY_ROOT"/})..."
    if [[ -z "$_ASSAY_APT_UPDATED" ]]; then
        if ! _assay_as_root env DEBIAN_FRONTEND=noninteractive apt-get update >"$log" 2>&1; then
            tail -n 20 "$log" >&2
            assay_error "apt-get update failed (see $log)"
            return 1
        fi
        _ASSAY_APT_UPDATED=1
    fi
    if ! _assay_as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y "$@" >>"$log" 2>&1; then
        tail -n 20 "$log" >&2
        assay_error "apt-get install $* failed (see $log)"
        return 1
    fi
}

# _assay_wait SECONDS DESCRIPTION CMD...: poll CMD once a second; silent,
# the caller reports a timeout.
_assay_wait() {
    local limit=$1 i # $2 only documents what is awaited
    shift 2
    for ((i = 0; i < limit; i++)); do
        if "$@"; then
            return 0
        fi
        sleep 1
    done
    return 1
}

# ---------------------------------------------------------------- JDK

# _assay_java_major JAVA_BINARY: prints the feature version (8, 17, 21, 25...).
_assay_java_major() {
    local out line ver release
    # a JDK's release file names its version without starting a JVM (a third of a command's launch)
    release="$(dirname "$(dirname "$1")")/release"
    if [[ -f "$release" ]] && line=$(grep -m1 '^JAVA_VERSION="' "$release"); then
        line=" version ${line#JAVA_VERSION=}"
    else
        # read all of it first: a pipe into grep -m1 can kill java with SIGPIPE, failing under pipefail
        out=$("$1" -version 2>&1) || return 1
        line=$(grep -m1 ' version "' <<<"$out") || return 1
    fi
    ver=${line#*\"}
    ver=${ver%%\"*}
    case "$ver" in
        1.*) ver=${ver#1.} ;;
    esac
    ver=${ver%%[!0-9]*}
    [[ -n "$ver" ]] || return 1
    printf '%s\n' "$ver"
}

# _assay_jdk_ok DIR: DIR is a JDK (has javac) whose java is >= 21.
_assay_jdk_ok() {
    local dir=$1 major
    [[ -x "$dir/bin/java" && -x "$dir/bin/javac" ]] || return 1
    major=$(_assay_java_major "$dir/bin/java") || return 1
    ((major >= 21))
}

# assay_find_jdk: export JAVA_HOME (JDK >= 21) and put it first on PATH, so
# that ./mvnw and everything started from ./assay uses the same JDK. Looks at
# JAVA_HOME, then the newest JDK under ASSAY_JDK_SEARCH_ROOT (/usr/lib/jvm),
# then the java on PATH; without one it says what to install and fails.
assay_find_jdk() {
    local root="${ASSAY_JDK_SEARCH_ROOT:-/usr/lib/jvm}" candidate best="" best_major=0 major java_bin
    if [[ -n "${JAVA_HOME:-}" ]] && _assay_jdk_ok "$JAVA_HOME"; then
        best=$JAVA_HOME
    else
        for candidate in "$root"/*; do
            [[ -d "$candidate" && ! -L "$candidate" ]] || continue
            _assay_jdk_ok "$candidate" || continue
            major=$(_assay_java_major "$candidate/bin/java") || continue
            if ((major > best_major)); then
                best=$candidate
                best_major=$major
            fi
        done
        if [[ -z "$best" ]] && java_bin=$(command -v java 2>/dev/null); then
            candidate=$(dirname "$(dirname "$(readlink -f "$java_bin")")")
            if _assay_jdk_ok "$candidate"; then
                best=$candidate
            fi
        fi
    fi
    if [[ -n "$best" && -n "${JAVA_HOME:-}" && "$best" != "$JAVA_HOME" ]]; then
        assay_info "JAVA_HOME=$JAVA_HOME is not a JDK >= 21; using $best"
    fi
    if [[ -z "$best" ]]; then
        local found="no Java at all"
        java_bin=${JAVA_HOME:+$JAVA_HOME/bin/java}
        [[ -n "$java_bin" && -x "$java_bin" ]] || java_bin=$(command -v java 2>/dev/null) || java_bin=""
        if [[ -n "$java_bin" ]] && major=$(_assay_java_major "$java_bin"); then
            found="only Java $major at $java_bin"
        elif [[ -n "$java_bin" ]]; then
            found="only $java_bin, of unknown version"
        fi
        assay_error "Assay needs a JDK 21 or newer (checked JAVA_HOME, $root, PATH; found $found). Install one, e.g. Temurin 21: https://adoptium.net/installation/linux/ (apt-get install temurin-21-jdk once the Adoptium repository is added), then run this again, or set JAVA_HOME to it"
        return 1
    fi
    export JAVA_HOME=$best
    case ":$PATH:" in
        ":$JAVA_HOME/bin:"*) ;;
        *) export PATH="$JAVA_HOME/bin:$PATH" ;;
    esac
}

# ---------------------------------------------------------------- PostgreSQL

_assay_pg_ready() {
    if command -v pg_isready >/dev/null 2>&1; then
        pg_isready -q -h "$ASSAY_DB_HOST" -p "$ASSAY_DB_PORT" -t 3 >/dev/null 2>&1
    else
        _assay_tcp_open "$ASSAY_DB_HOST" "$ASSAY_DB_PORT"
    fi
}

# _assay_pg_cluster: prints "VERSION NAME" of the local cluster to start:
# the one configured on ASSAY_DB_PORT, else the newest one.
_assay_pg_cluster() {
    local found
    found=$(pg_lsclusters -h 2>/dev/null |
        awk -v p="$ASSAY_DB_PORT" '$3 == p { print $1, $2; exit }')
    if [[ -z "$found" ]]; then
        found=$(pg_lsclusters -h 2>/dev/null | sort -k1,1V | awk 'END { if (NR) print $1, $2 }')
    fi
    [[ -n "$found" ]] || return 1
    printf '%s\n' "$found"
}

# assay_ensure_postgres: PostgreSQL reachable at ASSAY_DB_HOST:ASSAY_DB_PORT;
# installs and/or starts the local server when the host is loopback.
assay_ensure_postgres() {
    if _assay_pg_ready; then
        return 0
    fi
    if ! _assay_is_loopback "$ASSAY_DB_HOST"; then
        assay_error "PostgreSQL at $ASSAY_DB_HOST:$ASSAY_DB_PORT is not reachable (remote host: ./assay does not install or start it)"
        return 1
    fi
    if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! command -v pg_isready >/dev/null 2>&1 ||
        ! command -v psql >/dev/null 2>&1 || [[ -z "$(pg_lsclusters -h 2>/dev/null)" ]]; then
        _assay_apt_install postgresql || return 1
        # the package may have started it already (when invoke-rc.d is allowed)
        if _assay_pg_ready; then
            return 0
        fi
    fi
    local cluster version name
    if ! cluster=$(_assay_pg_cluster); then
        version=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | sort -V | tail -n 1)
        if [[ -z "$version" ]]; then
            assay_error "PostgreSQL server binaries not found under /usr/lib/postgresql; install the postgresql package"
            return 1
        fi
        assay_info "creating PostgreSQL cluster $version/main on port $ASSAY_DB_PORT..."
        _assay_as_root pg_createcluster --port "$ASSAY_DB_PORT" "$version" main >/dev/null || {
            assay_error "pg_createcluster $version main failed"
            return 1
        }
        cluster="$version main"
    fi
    read -r version name <<<"$cluster"
    assay_info "starting PostgreSQL $version/$name..."
    mkdir -p "$ASSAY_STATE_DIR" || return 1
    # output goes to a file, not a pipe: the server must not inherit our stdout
    local out="$ASSAY_STATE_DIR/postgres-start.log"
    # a failure here may just be "already running"; readiness is what counts
    _assay_as_root pg_ctlcluster --skip-systemctl-redirect "$version" "$name" start \
        </dev/null >"$out" 2>&1 || true
    if ! _assay_wait 30 "PostgreSQL at $ASSAY_DB_HOST:$ASSAY_DB_PORT" _assay_pg_ready; then
        sed 's/^/  /' "$out" >&2
        assay_error "PostgreSQL $version/$name does not accept connections on $ASSAY_DB_HOST:$ASSAY_DB_PORT; check /var/log/postgresql/postgresql-$version-$name.log"
        return 1
    fi
}

# _assay_psql_super ARGS...: psql as the PostgreSQL superuser on the
# maintenance database; SQL is read from stdin. Tries TCP login first (works
# with trust/password auth), then peer auth over the local Unix socket.
_ASSAY_PSQL_SUPER_MODE=${_ASSAY_PSQL_SUPER_MODE:-}
_assay_psql_super() {
    local superuser="${ASSAY_DB_SUPERUSER:-postgres}" input
    input=$(cat)
    if [[ -z "$_ASSAY_PSQL_SUPER_MODE" ]]; then
        if PGPASSWORD="${ASSAY_DB_SUPERUSER_PASSWORD:-}" PGCONNECT_TIMEOUT=5 psql -X -w -q \
            -h "$ASSAY_DB_HOST" -p "$ASSAY_DB_PORT" -U "$superuser" -d postgres \
            -Atc 'select 1' >/dev/null 2>&1; then
            _ASSAY_PSQL_SUPER_MODE=tcp
        elif _assay_is_loopback "$ASSAY_DB_HOST"; then
            _ASSAY_PSQL_SUPER_MODE=socket
        else
            _ASSAY_PSQL_SUPER_MODE=none
        fi
    fi
    case "$_ASSAY_PSQL_SUPER_MODE" in
        tcp)
            PGPASSWORD="${ASSAY_DB_SUPERUSER_PASSWORD:-}" PGCONNECT_TIMEOUT=5 psql -X -w -q \
                -v ON_ERROR_STOP=1 -h "$ASSAY_DB_HOST" -p "$ASSAY_DB_PORT" \
                -U "$superuser" -d postgres "$@" <<<"$input"
            ;;
        socket)
            # peer authentication: run psql as the OS user "postgres"
            if [[ "$(id -un)" == "$superuser" ]]; then
                psql -X -w -q -v ON_ERROR_STOP=1 -p "$ASSAY_DB_PORT" -d postgres "$@" <<<"$input"
            elif [[ "$(id -u)" -eq 0 ]] && command -v runuser >/dev/null 2>&1; then
                (cd / && runuser -u "$superuser" -- psql -X -w -q -v ON_ERROR_STOP=1 \
                    -p "$ASSAY_DB_PORT" -d postgres "$@" <<<"$input")
            elif [[ "$(id -u)" -eq 0 ]]; then
                local cmd
                cmd=$(printf '%q ' psql -X -w -q -v ON_ERROR_STOP=1 -p "$ASSAY_DB_PORT" -d postgres "$@")
                (cd / && su "$superuser" -s /bin/sh -c "$cmd" <<<"$input")
            elif command -v sudo >/dev/null 2>&1; then
                (cd / && sudo -u "$superuser" psql -X -w -q -v ON_ERROR_STOP=1 \
                    -p "$ASSAY_DB_PORT" -d postgres "$@" <<<"$input")
            else
                return 1
            fi
            ;;
        *) return 1 ;;
    esac
}

# assay_ensure_database NAME: role ASSAY_DB_USER (LOGIN, CREATEDB, password
# ASSAY_DB_PASSWORD) and database NAME owned by it exist, and the role can
# log in to NAME over TCP.
assay_ensure_database() {
    local db=${1:-}
    if [[ -z "$db" ]]; then
        assay_error "assay_ensure_database: database name missing"
        return 1
    fi
    if ! command -v psql >/dev/null 2>&1; then
        if _assay_is_loopback "$ASSAY_DB_HOST"; then
            assay_ensure_postgres || return 1
        else
            _assay_apt_install postgresql-client || return 1
        fi
    fi
    local role=$ASSAY_DB_USER pw=$ASSAY_DB_PASSWORD state
    # the usual case, in one connection: the application logs in, and the retention role exists and
    # holds its grants here (or the audit tables are not there yet)
    state=$(PGPASSWORD="$pw" PGCONNECT_TIMEOUT=5 psql -X -w -q -h "$ASSAY_DB_HOST" -p "$ASSAY_DB_PORT" \
        -U "$role" -d "$db" -At 2>/dev/null <<'SQL'
SELECT CASE WHEN NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'assay_retention') THEN false
            WHEN to_regprocedure('audit_grant_retention(text)') IS NULL THEN true
            ELSE has_table_privilege('assay_retention', 'audit_chain', 'UPDATE') END;
SQL
    ) || state=""
    if [[ "$state" == t ]]; then
        return 0
    fi
    # rows: role_exists|db_exists  (t/f)
    if state=$(_assay_psql_super -At -v role="$role" -v db="$db" 2>/dev/null <<'SQL'
SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role'),
       EXISTS (SELECT FROM pg_database WHERE datname = :'db');
SQL
    ); then
        if [[ "$state" != t\|* ]]; then
            assay_info "creating PostgreSQL role $role..."
            _assay_psql_super -v role="$role" -v pw="$pw" <<'SQL' || { assay_error "could not create PostgreSQL role $role"; return 1; }
SELECT format('CREATE ROLE %I LOGIN CREATEDB PASSWORD %L', :'role', :'pw')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \gexec
SQL
        fi
        if [[ "$state" != *\|t ]]; then
            assay_info "creating PostgreSQL database $db (owner $role)..."
            _assay_psql_super -v role="$role" -v db="$db" <<'SQL' || { assay_error "could not create PostgreSQL database $db"; return 1; }
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'role')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
SQL
        fi
    fi
    if [[ -n "$state" ]]; then
        _assay_ensure_retention_role "$db"
    fi
    # whatever happened above: can the application log in?
    local err
    if ! err=$(PGPASSWORD="$pw" PGCONNECT_TIMEOUT=5 psql -X -w -q -h "$ASSAY_DB_HOST" -p "$ASSAY_DB_PORT" \
        -U "$role" -d "$db" -Atc 'select 1' 2>&1 >/dev/null); then
        if [[ -z "$state" ]]; then
            assay_error "cannot connect to database $db as $role at $ASSAY_DB_HOST:$ASSAY_DB_PORT, and no superuser access to create it (set ASSAY_DB_SUPERUSER/ASSAY_DB_SUPERUSER_PASSWORD or create it by hand): ${err//$'\n'/ }"
        else
            assay_error "role $role cannot log in to database $db at $ASSAY_DB_HOST:$ASSAY_DB_PORT (wrong ASSAY_DB_PASSWORD or pg_hba.conf?): ${err//$'\n'/ }"
        fi
        return 1
    fi
}

# _assay_ensure_retention_role DB: the role that audit retention runs under (assay_retention, LOGIN,
# password ASSAY_RETENTION_DB_PASSWORD) exists and may delete from DB's audit tables once its
# migrations have run (they grant it themselves when the role exists first). Needs superuser access:
# the application's role cannot create roles, and without this one retention stays off. Never fails:
# the application runs without retention.
_assay_ensure_retention_role() {
    local db=$1
    if ! _assay_psql_super -d "$db" -v role=assay_retention -v pw="$ASSAY_RETENTION_DB_PASSWORD" >/dev/null <<'SQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'role', :'pw')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('SELECT audit_grant_retention(%L)', :'role')
 WHERE to_regprocedure('audit_grant_retention(text)') IS NOT NULL \gexec
SQL
    then
        assay_info "could not set up the PostgreSQL role assay_retention in $db: audit retention stays off"
    fi
}

# ---------------------------------------------------------------- RabbitMQ

# _assay_rabbit_ready: the broker accepts connections. On loopback a TCP
# connect is enough (RabbitMQ opens the AMQP listener last while booting, and a
# bare connect leaves no trace in its log); a remote host must also answer the
# AMQP 0-9-1 protocol header with a frame, since proxies and NAT can accept TCP
# connections for hosts that are down (the broker logs a warning for that).
_assay_rabbit_ready() {
    if _assay_is_loopback "$ASSAY_RABBITMQ_HOST"; then
        _assay_tcp_open "$ASSAY_RABBITMQ_HOST" "$ASSAY_RABBITMQ_PORT"
        return
    fi
    local host=${ASSAY_RABBITMQ_HOST#[}
    host=${host%]}
    # shellcheck disable=SC2016 # expanded by the inner bash
    timeout 5 bash -c '
        exec 3<>"/dev/tcp/$0/$1" || exit 1
        printf "AMQP\x00\x00\x09\x01" >&3
        b=$(head -c 1 <&3 | od -An -tx1)
        [[ ${b// /} == 01 ]]' "$host" "$ASSAY_RABBITMQ_PORT" >/dev/null 2>&1
}

# assay_ensure_rabbitmq: RabbitMQ accepts AMQP connections on
# ASSAY_RABBITMQ_HOST:ASSAY_RABBITMQ_PORT; installs and/or starts the local
# broker when the host is loopback.
assay_ensure_rabbitmq() {
    if _assay_rabbit_ready; then
        return 0
    fi
    if ! _assay_is_loopback "$ASSAY_RABBITMQ_HOST"; then
        assay_error "RabbitMQ at $ASSAY_RABBITMQ_HOST:$ASSAY_RABBITMQ_PORT is not reachable (remote host: ./assay does not install or start it)"
        return 1
    fi
    if ! command -v rabbitmq-server >/dev/null 2>&1 && [[ ! -x /usr/sbin/rabbitmq-server ]]; then
        _assay_apt_install rabbitmq-server || return 1
        # the package may have started it (when invoke-rc.d is allowed); give it a moment
        if _assay_wait 15 "RabbitMQ" _assay_rabbit_ready; then
            return 0
        fi
    fi
    local server
    server=$(command -v rabbitmq-server 2>/dev/null || echo /usr/sbin/rabbitmq-server)
    # a broker that is still booting has a beam process but no open port yet
    if ! pgrep -f 'beam.*rabbit' >/dev/null 2>&1; then
        assay_info "starting RabbitMQ..."
        if ! (cd / && _assay_as_root "$server" -detached) </dev/null >/dev/null 2>&1; then
            assay_error "'rabbitmq-server -detached' failed; see /var/log/rabbitmq/"
            return 1
        fi
    else
        assay_info "waiting for RabbitMQ to finish starting..."
    fi
    if ! _assay_wait 60 "RabbitMQ on $ASSAY_RABBITMQ_HOST:$ASSAY_RABBITMQ_PORT" _assay_rabbit_ready; then
        assay_error "RabbitMQ is not accepting connections on port $ASSAY_RABBITMQ_PORT; see /var/log/rabbitmq/"
        return 1
    fi
}

# ---------------------------------------------------------------- Chromium

# assay_ensure_chromium: a Chromium for the Playwright browser tests.
assay_ensure_chromium() {
    export ASSAY_CHROMIUM_PATH="${ASSAY_CHROMIUM_PATH:-/usr/bin/chromium}"
    if [[ -x "$ASSAY_CHROMIUM_PATH" ]]; then
        return 0
    fi
    if [[ "$ASSAY_CHROMIUM_PATH" != /usr/bin/chromium ]]; then
        assay_error "ASSAY_CHROMIUM_PATH=$ASSAY_CHROMIUM_PATH is not an executable file"
        return 1
    fi
    _assay_apt_install chromium || return 1
    if [[ ! -x /usr/bin/chromium ]]; then
        assay_error "chromium was installed but /usr/bin/chromium is missing"
        return 1
    fi
}

# ---------------------------------------------------------------- build

# _assay_build_stale: true when the app jar is missing or older than sources.
_assay_build_stale() {
    [[ -f "$ASSAY_APP_JAR" ]] || return 0
    local newer
    newer=$(cd "$ASSAY_ROOT" && find . -maxdepth 1 -name pom.xml -newer "$ASSAY_APP_JAR" -print -quit 2>/dev/null)
    [[ -z "$newer" ]] || return 0
    newer=$(cd "$ASSAY_ROOT" && find . -mindepth 2 -maxdepth 2 -name pom.xml -newer "$ASSAY_APP_JAR" -print -quit 2>/dev/null)
    [[ -z "$newer" ]] || return 0
    local dirs=()
    mapfile -t dirs < <(cd "$ASSAY_ROOT" && find . -mindepth 2 -maxdepth 2 -type d -name src -print 2>/dev/null)
    ((${#dirs[@]} > 0)) || return 1
    # files Vaadin regenerates during the build don't count
    newer=$(cd "$ASSAY_ROOT" && find "${dirs[@]}" \
        \( -path '*/src/main/frontend/generated' -o -path '*/src/main/bundles' -o -path '*/src/main/dev-bundle' \) -prune \
        -o -type f -newer "$ASSAY_APP_JAR" -print -quit 2>/dev/null)
    [[ -n "$newer" ]]
}

# assay_build_if_needed: build the application when the jar is missing or out
# of date (older than a pom.xml or a file under */src).
# Needs JAVA_HOME (call assay_find_jdk first).
assay_build_if_needed() {
    if [[ -n "${ASSAY_SKIP_BUILD:-}" && -f "$ASSAY_APP_JAR" ]]; then
        return 0
    fi
    _assay_build_stale || return 0
    if [[ -z "${JAVA_HOME:-}" ]]; then
        assay_find_jdk || return 1
    fi
    local extra=()
    if [[ -n "${ASSAY_MAVEN_ARGS:-}" ]]; then
        read -r -a extra <<<"$ASSAY_MAVEN_ARGS"
    fi
    assay_info "building Assay (./mvnw clean package; the first build downloads dependencies and takes a few minutes)..."
    # clean: files removed or moved in the sources must not linger in target/ (a moved migration
    # would otherwise be found twice)
    if ! (cd "$ASSAY_ROOT" && ./mvnw -B -q clean package -DskipTests "${extra[@]}"); then
        assay_error "build failed (./mvnw -B -q clean package -DskipTests)"
        return 1
    fi
    if [[ ! -f "$ASSAY_APP_JAR" ]]; then
        assay_error "build finished but ${ASSAY_APP_JAR#"$ASSAY_ROOT"/} was not produced"
        return 1
    fi
    # the jar's time stamp marks the sources it was built from; the command line's, built after it, stays newer
    touch "$ASSAY_APP_JAR"
    [[ ! -f "$ASSAY_CLI_JAR" ]] || touch "$ASSAY_CLI_JAR"
}
