Write-Output "never here"
