{{/* Chart name, overridable. */}}
{{- define "vth.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Prefix of every object name: the release name, with the chart name unless it contains it. */}}
{{- define "vth.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Name of the operator's objects (Deployment, Service, ClusterRoles). */}}
{{- define "vth.operatorName" -}}
{{- printf "%s-operator" (include "vth.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "vth.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "vth.operatorName" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "vth.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "vth.selectorLabels" -}}
app.kubernetes.io/name: {{ include "vth.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end }}

{{- define "vth.labels" -}}
helm.sh/chart: {{ include "vth.chart" . }}
{{ include "vth.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: vth
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* "repository:tag", the tag defaulting to the chart's appVersion. */}}
{{- define "vth.image" -}}
{{- printf "%s:%s" .image.repository (default .root.Chart.AppVersion .image.tag) }}
{{- end }}
