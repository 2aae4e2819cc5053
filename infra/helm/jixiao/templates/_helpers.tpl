{{/* Names */}}
{{- define "jixiao.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "jixiao.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* Selector labels of one component: (dict "ctx" $ "component" "api") */}}
{{- define "jixiao.selector" -}}
app.kubernetes.io/name: {{ .ctx.Chart.Name }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "jixiao.image" -}}
{{ printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end -}}

{{- define "jixiao.secretName" -}}
{{ .Values.secrets.existingSecret | default (printf "%s-secrets" (include "jixiao.fullname" .)) }}
{{- end -}}

{{/* A role's URL straight to PostgreSQL, its password from an earlier variable:
     (dict "ctx" $ "role" "jixiao_app" "password" "DB_APP_PASSWORD") */}}
{{- define "jixiao.directDatabaseUrl" -}}
{{- $d := .ctx.Values.database -}}
{{ printf "postgresql://%s:$(%s)@%s:%v/%s?sslmode=%s" .role .password (required "database.host is required" $d.host) $d.port $d.name $d.sslmode }}
{{- end -}}

{{/* Where serving processes reach PostgreSQL: PgBouncer when it is on. */}}
{{- define "jixiao.appDatabaseUrl" -}}
{{- $d := .Values.database -}}
{{- if .Values.pgbouncer.enabled -}}
{{ printf "postgresql://%s:$(DB_APP_PASSWORD)@%s-pgbouncer:6432/%s?sslmode=prefer" $d.appRole (include "jixiao.fullname" .) $d.name }}
{{- else -}}
{{ include "jixiao.directDatabaseUrl" (dict "ctx" . "role" $d.appRole "password" "DB_APP_PASSWORD") }}
{{- end -}}
{{- end -}}

{{/* Connections: every pool must fit where it connects (infra/SCALING.md, section 1). */}}
{{- define "jixiao.checkConnections" -}}
{{- $d := .Values.database -}}
{{- $perProcess := add $d.poolSize 10 -}}
{{- $apiMax := ternary .Values.api.autoscaling.maxReplicas .Values.api.replicas .Values.api.autoscaling.enabled -}}
{{- $processes := add (mul $apiMax .Values.api.processes) .Values.worker.replicas 1 -}}
{{- $clients := mul $processes $perProcess -}}
{{- $serverLimit := sub $d.maxConnections 10 -}}
{{- if gt (int .Values.worker.threads) (int $perProcess) -}}
{{- fail (printf "worker.threads (%v) must be at most database.poolSize + 10 (%v): each job thread holds a connection" .Values.worker.threads $perProcess) -}}
{{- end -}}
{{- if .Values.pgbouncer.enabled -}}
{{- if gt (int $clients) (int .Values.pgbouncer.maxClientConn) -}}
{{- fail (printf "%v processes × %v connections = %v clients exceed pgbouncer.maxClientConn (%v)" $processes $perProcess $clients .Values.pgbouncer.maxClientConn) -}}
{{- end -}}
{{- $servers := add (mul .Values.pgbouncer.replicas .Values.pgbouncer.defaultPoolSize) 2 -}}
{{- if gt (int $servers) (int $serverLimit) -}}
{{- fail (printf "pgbouncer.replicas × pgbouncer.defaultPoolSize + 2 for the migrate job = %v server connections exceed database.maxConnections less 10 kept for administration (%v)" $servers $serverLimit) -}}
{{- end -}}
{{- else if gt (int (add $clients 2)) (int $serverLimit) -}}
{{- fail (printf "%v processes × %v connections + 2 = %v exceed database.maxConnections less 10 kept for administration (%v): turn pgbouncer on, or lower database.poolSize or the replicas" $processes $perProcess (add $clients 2) $serverLimit) -}}
{{- end -}}
{{- end -}}

{{/* Storage: a bucket or a shared volume. */}}
{{- define "jixiao.checkStorage" -}}
{{- $v := .Values.storage.volume -}}
{{- if and (not .Values.storage.s3.bucket) (not $v.existingClaim) (not $v.create) -}}
{{- fail "storage: set storage.s3.bucket, or storage.volume.existingClaim (ReadWriteMany), or storage.volume.create: every pod must see the same files" -}}
{{- end -}}
{{- end -}}

{{- define "jixiao.dataClaim" -}}
{{ .Values.storage.volume.existingClaim | default (printf "%s-data" (include "jixiao.fullname" .)) }}
{{- end -}}

{{/* The environment of the API, the workers and the scheduler. */}}
{{- define "jixiao.env" -}}
{{- $secret := include "jixiao.secretName" . -}}
- name: JIXIAO_SECRET_KEY
  valueFrom: {secretKeyRef: {name: {{ $secret }}, key: JIXIAO_SECRET_KEY}}
- name: JIXIAO_AUDIT_CHAIN_KEY
  valueFrom: {secretKeyRef: {name: {{ $secret }}, key: JIXIAO_AUDIT_CHAIN_KEY}}
- name: JIXIAO_FIELD_KEY
  valueFrom: {secretKeyRef: {name: {{ $secret }}, key: JIXIAO_FIELD_KEY}}
- name: JIXIAO_REDIS_URL
  valueFrom: {secretKeyRef: {name: {{ $secret }}, key: JIXIAO_REDIS_URL}}
- name: DB_APP_PASSWORD
  valueFrom: {secretKeyRef: {name: {{ $secret }}, key: DB_APP_PASSWORD}}
- name: JIXIAO_DATABASE_URL
  value: {{ include "jixiao.appDatabaseUrl" . | quote }}
{{- range $name := list "JIXIAO_METRICS_TOKEN" "JIXIAO_S3_ACCESS_KEY_ID" "JIXIAO_S3_SECRET_ACCESS_KEY" "JIXIAO_SMTP_PASSWORD" }}
- name: {{ $name }}
  valueFrom: {secretKeyRef: {name: {{ $secret }}, key: {{ $name }}, optional: true}}
{{- end }}
{{- end -}}

{{- define "jixiao.volumes" -}}
- name: tmp
  emptyDir: {}
- name: data
{{- if or .Values.storage.volume.existingClaim .Values.storage.volume.create }}
  persistentVolumeClaim:
    claimName: {{ include "jixiao.dataClaim" . }}
{{- else }}
  emptyDir: {}  # files go to the bucket; the folder keeps only per-process metrics
{{- end }}
{{- end -}}

{{- define "jixiao.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
- name: data
  mountPath: /var/lib/jixiao
{{- end -}}

{{/* Pod-level settings shared by Jixiao's pods: (dict "ctx" $ "part" .Values.api) */}}
{{- define "jixiao.podSpec" -}}
{{- with .ctx.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml .ctx.Values.podSecurityContext | nindent 2 }}
{{- with .part.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .part.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .part.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}
